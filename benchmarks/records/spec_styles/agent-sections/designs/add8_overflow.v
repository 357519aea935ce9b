module top_module (
    input [7:0] a,
    input [7:0] b,
    output reg [7:0] s,
    output reg carry,
    output reg overflow
);

always @(*) begin
    // Unsigned Carry
    carry = (a + b) >= 256;

    // Signed Overflow
    overflow = (((a < 0 && b < 0) || (a > 0 && b > 0)) && ((a + b) < 0)) ||
               (((a < 0 && b > 0) || (a > 0 && b < 0)) && ((a + b) >= 0));

    // Sum
    s = a + b;
end

endmodule
