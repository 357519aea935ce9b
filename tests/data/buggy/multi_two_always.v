// expect: line=5 category=multiple-drivers
// one reg written by two clocked always blocks
module md1(input clk, input a, input b, output reg q);
  always @(posedge clk) q <= a;
  always @(posedge clk) q <= b;  // <- bug
endmodule
