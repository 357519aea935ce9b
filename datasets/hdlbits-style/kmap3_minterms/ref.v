module top_module (
    input  a,
    input  b,
    input  c,
    output f
);
    // Minimal sum of products of m(0,2,3,5,6)
    assign f = (~a & ~c) | (~a & b) | (b & ~c) | (a & ~b & c);
endmodule
