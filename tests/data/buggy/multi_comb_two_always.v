// expect: line=5 category=multiple-drivers
// two combinational always blocks write one reg
module md4(input [1:0] s, input a, input b, output reg y);
  always @(*) if (s[0]) y = a; else y = 1'b0;
  always @(*) if (s[1]) y = b; else y = 1'b0;  // <- bug
endmodule
