// expect: line=12 category=width-mismatch
// 8-bit adder whose result drops the carry
module add8 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       cin,
    output wire [7:0] y
);
    wire [7:0] s;
    wire       c;
    assign {c, s} = {1'b0, a} + {1'b0, b} + {8'd0, cin};
    assign y = {c, s};
endmodule
