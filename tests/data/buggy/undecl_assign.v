// expect: line=4 category=undeclared-identifier
// RHS names a signal that does not exist
module und1(input [3:0] a, output [3:0] y);
  assign y = a ^ mask;  // <- bug
endmodule
