module top_module (
    input [7:0] a,
    input [7:0] b,
    input is_signed,
    output reg lt,
    output reg eq,
    output reg gt
);

always @(*) begin
    lt = b < a;
    eq = b == a;
    gt = b > a;
end

endmodule
