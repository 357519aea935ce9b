module top_module (
    input [7:0] a,
    input [7:0] b,
    output [7:0] s,
    output carry,
    output overflow
);

    // Unsigned addition
    assign s = (a + b) % 256;

    // Unsigned carry
    assign carry = (s == 256);

    // Two's-complement overflow
    assign overflow = (a ^ b) & (s ^ (a ^ b));

endmodule
