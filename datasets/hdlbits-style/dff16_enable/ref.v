module top_module (
    input             clk,
    input             reset,
    input             en,
    input      [15:0] d,
    output reg [15:0] q
);
    always @(posedge clk) begin
        if (reset)
            q <= 16'd0;
        else if (en)
            q <= d;
    end
endmodule
