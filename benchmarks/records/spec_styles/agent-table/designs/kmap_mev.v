module top_module (
    input a,
    input b,
    input c,
    input d,
    output f
);
    assign f = d;
endmodule
