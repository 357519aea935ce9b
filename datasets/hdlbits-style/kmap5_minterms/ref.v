module top_module (
    input  a,
    input  b,
    input  c,
    input  d,
    input  e,
    output f
);
    // a = 0 half: f = (c XNOR e), independent of b and d.
    // a = 1 half: c = 0 -> ~e | d (16, 18, 19, 24, 26, 27); c = 1 -> b & d & e (31 only).
    wire lower = ~(c ^ e);
    wire upper = c ? (b & d & e) : (~e | d);

    assign f = a ? upper : lower;
endmodule
