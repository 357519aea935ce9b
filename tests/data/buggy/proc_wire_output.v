// expect: line=5 category=procedural-assign-to-wire
// an output (a wire by default) assigned in always @*
module pw2(input a, input b, output y);
  always @(*)
    y = a & b;  // <- bug
endmodule
