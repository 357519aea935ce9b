// expect: line=4 category=unsupported-by-simulator
// streaming concatenation (Icarus 11: sorry)
module us3(input logic [7:0] a, output logic [7:0] y);
  assign y = {<<{a}};  // <- bug
endmodule
