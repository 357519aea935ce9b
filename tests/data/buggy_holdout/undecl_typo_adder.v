// expect: line=14 category=undeclared-identifier
// Registered 8-bit adder with carry out
module reg_adder (
    input  wire       clk,
    input  wire [7:0] a,
    input  wire [7:0] b,
    output reg  [8:0] sum
);
    wire [8:0] sum_next;

    assign sum_next = a + b;

    always @(posedge clk)
        sum <= sum_nxt;
endmodule
