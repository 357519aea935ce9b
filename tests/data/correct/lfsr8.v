// correct: no errors and no warnings expected from any tool
module lfsr8(input clk, input reset, output reg [7:0] state);
  wire fb;
  assign fb = state[7] ^ state[5] ^ state[4] ^ state[3];
  always @(posedge clk) begin
    if (reset) state <= 8'h01;
    else state <= {state[6:0], fb};
  end
endmodule
