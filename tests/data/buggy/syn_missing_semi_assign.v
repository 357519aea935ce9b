// expect: line=4 category=syntax
// missing semicolon after a continuous assign
module syn1(input a, input b, output y, output z);
  assign y = a & b  // <- bug
  assign z = a | b;
endmodule
