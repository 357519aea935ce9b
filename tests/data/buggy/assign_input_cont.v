// expect: line=5 category=assign-to-input
// continuous assign to an input
module ai1(input [3:0] a, output [3:0] y);
  assign y = a;
  assign a = 4'd0;  // <- bug
endmodule
