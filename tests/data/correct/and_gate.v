// correct: no errors and no warnings expected from any tool
module and_gate(input a, input b, output y);
  assign y = a & b;
endmodule
