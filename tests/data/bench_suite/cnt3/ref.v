module top_module (
    input clk,
    input reset,
    input en,
    output reg [2:0] q
);
    always @(posedge clk) begin
        if (reset)
            q <= 3'd0;
        else if (en)
            q <= q + 3'd1;
    end
endmodule
