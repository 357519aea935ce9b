// expect: line=5 category=multiple-drivers
// a logic driven by assign and by always_comb
module md3(input logic a, input logic b, output logic y);
  assign y = a;
  always_comb y = b;  // <- bug
endmodule
