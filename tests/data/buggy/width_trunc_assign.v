// expect: line=4 category=width-mismatch
// 8-bit value assigned to a 4-bit output
module wm1(input [7:0] a, output [3:0] y);
  assign y = a;  // <- bug
endmodule
