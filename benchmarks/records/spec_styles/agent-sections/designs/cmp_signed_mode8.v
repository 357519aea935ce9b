module top_module (
    input [7:0] a,
    input [7:0] b,
    input is_signed,
    output lt,
    output eq,
    output gt
);
    assign lt = (is_signed == 0) ? (a < b) : (b > ~a);
    assign eq = (is_signed == 0) ? (a == b) : (b == ~a);
    assign gt = (is_signed == 0) ? (a > b) : (b < ~a);
endmodule
