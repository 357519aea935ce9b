module top_module (
    input  [3:0] digit,
    output       prime,
    output       mult3,
    output       invalid
);
    wire a = digit[3];
    wire b = digit[2];
    wire c = digit[1];
    wire d = digit[0];

    assign invalid = a & (b | c);
    // 2, 3: 001x;  5, 7: 01x1
    assign prime   = (~a & ~b & c) | (~a & b & d);
    // 0: 0000; 3: 0011; 6: 0110; 9: 1001
    assign mult3   = (~a & ~b & ~c & ~d) | (~a & ~b & c & d) | (~a & b & c & ~d) | (a & ~b & ~c & d);
endmodule
