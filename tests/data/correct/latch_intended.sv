// correct: no errors and no warnings expected from any tool
module latch_intended(input logic en, input logic [3:0] d, output logic [3:0] q);
  always_latch begin
    if (en) q = d;
  end
endmodule
