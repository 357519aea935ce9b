// expect: line=5 category=width-mismatch
// always_comb truncates a 6-bit value into 3 bits
module wm5(input logic [5:0] a, output logic [2:0] y);
  always_comb begin
    y = a;  // <- bug
  end
endmodule
