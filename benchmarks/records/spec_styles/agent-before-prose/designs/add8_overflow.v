module top_module (
    input clk,
    input [7:0] a,
    output reg [7:0] s,
    output reg carry,
    output reg overflow
);

always @(posedge clk) begin
    // Unsigned carry
    carry <= (a + b) > 8'b11111111;

    // Two's-complement overflow
    overflow <= (a ^ b) & (a + b) & 8'b10000000;
end

endmodule
