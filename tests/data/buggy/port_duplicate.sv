// expect: line=7 category=port-mismatch
// the same port connected twice
module buf1(input logic a, output logic y);
  assign y = a;
endmodule
module pm4(input logic x, output logic z);
  buf1 u0 (.a(x), .a(x), .y(z));  // <- bug
endmodule
