// expect: line=5 category=width-mismatch
// 16-bit sum stored in an 8-bit register
module wm3(input clk, input [15:0] a, output reg [7:0] q);
  always @(posedge clk)
    q <= a;  // <- bug
endmodule
