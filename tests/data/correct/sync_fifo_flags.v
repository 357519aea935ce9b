// correct: no errors and no warnings expected from any tool
module sync_fifo_flags(input clk, input reset, input push, input pop, output full, output empty);
  reg [2:0] cnt;
  always @(posedge clk) begin
    if (reset) cnt <= 3'd0;
    else if (push && !pop && !full) cnt <= cnt + 3'd1;
    else if (pop && !push && !empty) cnt <= cnt - 3'd1;
  end
  assign full = (cnt == 3'd4);
  assign empty = (cnt == 3'd0);
endmodule
