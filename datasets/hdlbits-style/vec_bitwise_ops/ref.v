module top_module (
    input  [5:0]  x,
    input  [5:0]  y,
    output [5:0]  both,
    output [5:0]  differ,
    output        any_set,
    output        x_full,
    output        y_empty,
    output [11:0] inv
);
    assign both    = x & y;
    assign differ  = x ^ y;
    assign any_set = |{x, y};
    assign x_full  = &x;
    assign y_empty = ~|y;
    assign inv     = ~{y, x};
endmodule
