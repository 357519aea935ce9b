// defparam into a foreign scope (the harness's wrapper)
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  defparam veriagent_eq_top.P = 1;
endmodule
module veriagent_eq_top;
  parameter P = 0;
  top_module u(1'b0, 1'b0, 1'b0, );
endmodule
