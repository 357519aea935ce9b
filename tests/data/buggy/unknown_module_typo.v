// expect: line=8 category=unknown-module
// module name misspelled at the instance
module half_add(input a, input b, output s, output c);
  assign s = a ^ b;
  assign c = a & b;
endmodule
module um2(input a, input b, output s, output c);
  half_adder u0 (.a(a), .b(b), .s(s), .c(c));  // <- bug
endmodule
