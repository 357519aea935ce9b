// `include of an absolute path outside the run (a file the test writes in the canary directory)
`include "@CANARY@/secret.vh"
module top_module(input a, input b, input c, output maj);
  assign maj = `SECRET_OK & ((a & b) | (a & c) | (b & c));
endmodule
