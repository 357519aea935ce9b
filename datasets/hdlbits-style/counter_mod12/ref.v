module top_module (
    input clk,
    input reset,
    input en,
    output reg [3:0] q
);
    always @(posedge clk) begin
        if (reset)
            q <= 4'd0;
        else if (en)
            q <= (q == 4'd11) ? 4'd0 : q + 4'd1;
    end
endmodule
