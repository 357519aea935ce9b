// correct: no errors and no warnings expected from any tool
module onehot_enc(input logic [7:0] onehot, output logic [2:0] idx);
  always_comb begin
    idx = '0;
    for (int i = 0; i < 8; i++)
      if (onehot[i]) idx = 3'(i);
  end
endmodule
