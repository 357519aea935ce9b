module top_module (
    input  [1:0] a,
    input  [1:0] b,
    output [1:0] y,
    output [1:0] z
);
    assign y = a & b;
    assign z = a | b;
endmodule
