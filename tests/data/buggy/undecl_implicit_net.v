// expect: line=4 category=undeclared-identifier
// assign to a name never declared (implicit net)
module und4(input [3:0] a, input [3:0] b, output [3:0] y);
  assign tmp = a & b;  // <- bug
  assign y = a | b;
endmodule
