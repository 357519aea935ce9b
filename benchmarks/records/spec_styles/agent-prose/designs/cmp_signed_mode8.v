module top_module (
    input [7:0] a,
    input [7:0] b,
    input is_signed,
    output reg lt,
    output reg eq,
    output reg gt
);

always @(*) begin
    lt = a < b;
    eq = a == b;
    gt = a > b;
end

endmodule
