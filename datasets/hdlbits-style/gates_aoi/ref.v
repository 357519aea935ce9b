module top_module (
    input  a,
    input  b,
    input  c,
    input  d,
    output aoi,
    output oai
);
    wire both_first  = a & b;
    wire both_second = c & d;
    wire any_first   = a | b;
    wire any_second  = c | d;

    assign aoi = ~(both_first | both_second);
    assign oai = ~(any_first & any_second);
endmodule
