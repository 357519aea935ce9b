// expect: line=5 category=blocking-in-sequential
// blocking assignment in a clocked always block
module bs1(input clk, input d, output reg q);
  always @(posedge clk)
    q = d;  // <- bug
endmodule
