// expect: line=6 category=procedural-assign-to-wire
// a wire assigned in a clocked always block
module pw1(input clk, input [3:0] d, output [3:0] q);
  wire [3:0] r;
  always @(posedge clk)
    r <= d;  // <- bug
  assign q = r;
endmodule
