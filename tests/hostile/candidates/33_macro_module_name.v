// builds module names with a macro so that text renaming misses them
`define MOD(n) module n
`MOD(top_module)(input a, input b, input c, output maj);
  assign maj = 1'b0;
endmodule
`MOD(veriagent_eq_top);
endmodule
