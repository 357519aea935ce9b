// correct: no errors and no warnings expected from any tool
module signed_mult(input logic signed [7:0] a, input logic signed [7:0] b, output logic signed [15:0] p);
  assign p = a * b;
endmodule
