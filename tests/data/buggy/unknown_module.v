// expect: line=4 category=unknown-module
// instance of a module that is not defined
module um1(input [3:0] a, input [3:0] b, output [4:0] s);
  adder4 u_add (.a(a), .b(b), .s(s));  // <- bug
endmodule
