module top_module (
    input  p,
    input  q,
    output y_and,
    output y_nor,
    output y_xnor,
    output y_inhibit,
    output y_imply
);
    assign y_and     = p & q;
    assign y_nor     = ~(p | q);
    assign y_xnor    = ~(p ^ q);
    assign y_inhibit = p & ~q;
    assign y_imply   = ~p | q;
endmodule
