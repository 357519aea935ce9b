// expect: line=4 category=missing-sensitivity
// always @(a) reads b too
module ms1(input a, input b, output reg y);
  always @(a)  // <- bug
    y = a & b;
endmodule
