module top_module (
    input  [15:0] x,
    output [15:0] mag,
    output        neg
);
    assign neg = x[15];
    assign mag = neg ? (~x + 16'd1) : x;
endmodule
