// finding: hierarchical reference into the harness (plus a dummy wrapper so it compiles alone)
module top_module(input a, input b, input c, output maj);
  assign maj = veriagent_eq_top.va_ref__maj;
endmodule
module veriagent_eq_top;
  wire va_ref__maj = 1'b0;
  top_module u(1'b0, 1'b0, 1'b0, );
endmodule
