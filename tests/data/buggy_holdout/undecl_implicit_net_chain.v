// expect: line=14 category=undeclared-identifier
// Two inverters chained through an internal net
module inv (
    input  wire a,
    output wire y
);
    assign y = ~a;
endmodule

module inv_chain (
    input  wire in,
    output wire out
);
    inv u0 (.a(in),        .y(mid_net));
    inv u1 (.a(mid_net),   .y(out));
endmodule
