// expect: line=4 category=unsupported-by-simulator
// the inside operator (Icarus 11: sorry)
module us2(input logic [3:0] a, output logic y);
  assign y = a inside {4'd1, 4'd3, 4'd5};  // <- bug
endmodule
