// $fatal at time 0
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  initial $fatal(1, "gone");
endmodule
