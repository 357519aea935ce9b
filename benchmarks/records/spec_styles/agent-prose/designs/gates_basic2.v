module top_module (
    input p,
    input q,
    output reg y_and,
    output reg y_nor,
    output reg y_xnor,
    output reg y_inhibit,
    output reg y_imply
);

always @(*) begin
    y_and = p & q;
    y_nor = ~p & ~q;
    y_xnor = p ^ q;
    y_inhibit = p & ~q;
    y_imply = ~p | q;
end

endmodule
