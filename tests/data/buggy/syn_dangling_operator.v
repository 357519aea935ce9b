// expect: line=4 category=syntax
// expression missing an operand
module syn4(input [3:0] a, input [3:0] b, output [3:0] y);
  assign y = a & ;  // <- bug
endmodule
