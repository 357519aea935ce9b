module top_module (
    input p,
    input q,
    output reg y_and,
    output reg y_nor,
    output reg y_xnor,
    output reg y_inhibit,
    output reg y_imply
);

assign y_and = p & q;
assign y_nor = ~ (p & q);
assign y_xnor = p ^ q;
assign y_inhibit = p & ~ q;
assign y_imply = ~ (p & q);

endmodule
