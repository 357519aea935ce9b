// The hostile corpus' problem: 3-input majority (our own toy problem).
module top_module(input a, input b, input c, output maj);
  assign maj = (a & b) | (a & c) | (b & c);
endmodule
