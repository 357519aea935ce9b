module top_module (
    input clk,
    input [7:0] a,
    input [7:0] b,
    input is_signed,
    output reg lt,
    output reg eq,
    output reg gt
);

always @(posedge clk) begin
    if (is_signed) begin
        lt <= (a < b) ? 1'b1 : 1'b0;
        eq <= (a == b) ? 1'b1 : 1'b0;
        gt <= (a > b) ? 1'b1 : 1'b0;
    end else begin
        lt <= (a < b) ? 1'b1 : 1'b0;
        eq <= (a == b) ? 1'b1 : 1'b0;
        gt <= (a > b) ? 1'b1 : 1'b0;
    end
end

endmodule
