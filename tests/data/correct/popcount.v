// correct: no errors and no warnings expected from any tool
module popcount(input [7:0] in, output reg [3:0] count);
  integer i;
  always @(*) begin
    count = 4'd0;
    for (i = 0; i < 8; i = i + 1)
      count = count + {3'd0, in[i]};
  end
endmodule
