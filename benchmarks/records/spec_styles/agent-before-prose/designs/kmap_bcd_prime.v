module top_module (
    input clk,
    input [3:0] digit,
    output reg prime,
    output reg mult3,
    output reg invalid
);

always @(posedge clk) begin
    prime <= (digit == 2 || digit == 3 || digit == 5 || digit == 7);
    mult3 <= (digit == 0 || digit == 3 || digit == 6 || digit == 9);
    invalid <= (digit >= 10);
end

endmodule
