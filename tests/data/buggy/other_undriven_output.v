// expect: line=3 category=other
// an output that nothing drives
module ot1(input [3:0] a, output [3:0] y, output [3:0] z);  // <- bug
  assign y = ~a;
endmodule
