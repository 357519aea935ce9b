// expect: line=4 category=latch-inferred
// always_comb with an unassigned path
module li3(input logic en, input logic [7:0] d, output logic [7:0] q);
  always_comb begin  // <- bug
    if (en) q = d;
  end
endmodule
