module top_module (
    input            clk,
    input            rst_n,
    input      [3:0] d,
    output reg [3:0] q
);
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            q <= 4'd0;
        else
            q <= d;
    end
endmodule
