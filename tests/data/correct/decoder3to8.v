// correct: no errors and no warnings expected from any tool
module decoder3to8(input [2:0] a, input en, output [7:0] y);
  assign y = en ? (8'd1 << a) : 8'd0;
endmodule
