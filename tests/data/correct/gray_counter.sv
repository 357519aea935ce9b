// correct: no errors and no warnings expected from any tool
module gray_counter(input logic clk, input logic rst, output logic [3:0] gray);
  logic [3:0] bin;
  always_ff @(posedge clk) begin
    if (rst) bin <= 4'd0;
    else bin <= bin + 4'd1;
  end
  assign gray = bin ^ (bin >> 1);
endmodule
