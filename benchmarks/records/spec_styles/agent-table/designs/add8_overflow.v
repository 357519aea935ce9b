module top_module (
    input [7:0] a,
    input [7:0] b,
    output [7:0] s,
    output carry,
    output overflow
);
    // Unsigned carry
    assign carry = (a + b) >= 256;

    // Two's-complement overflow
    // Check if both inputs have the same sign bit and the sum is outside the range -128..127
    assign overflow = (a[7] == b[7]) && ((a + b) < -128 || (a + b) > 127);

    // Sum
    assign s = (a + b) % 256;
endmodule
