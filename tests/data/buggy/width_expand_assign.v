// expect: line=6 category=width-mismatch
// 4-bit value assigned to an 8-bit output
module wm2(input [3:0] a, input [3:0] b, output [7:0] y);
  wire [3:0] t;
  assign t = a & b;
  assign y = t;  // <- bug
endmodule
