// expect: line=8 category=port-mismatch
// an instance leaves an output port out
module split(input [3:0] a, output [1:0] hi, output [1:0] lo);
  assign hi = a[3:2];
  assign lo = a[1:0];
endmodule
module pm3(input [3:0] a, output [1:0] y);
  split u0 (.a(a), .hi(y));  // <- bug
endmodule
