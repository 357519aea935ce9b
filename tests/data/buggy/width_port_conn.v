// expect: line=7 category=width-mismatch
// an 8-bit signal connected to a 4-bit port
module reg4(input clk, input [3:0] d, output reg [3:0] q);
  always @(posedge clk) q <= d;
endmodule
module wm4(input clk, input [7:0] d, output [3:0] q);
  reg4 u0 (.clk(clk), .d(d), .q(q));  // <- bug
endmodule
