// correct: no errors and no warnings expected from any tool
module reverse_bits(input logic [15:0] in, output logic [15:0] out);
  always_comb begin
    for (int i = 0; i < 16; i++) out[i] = in[15 - i];
  end
endmodule
