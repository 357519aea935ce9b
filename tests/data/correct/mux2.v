// correct: no errors and no warnings expected from any tool
module mux2(input [7:0] a, input [7:0] b, input sel, output [7:0] y);
  assign y = sel ? b : a;
endmodule
