// correct: no errors and no warnings expected from any tool
module bcd_counter(input clk, input reset, output reg [3:0] ones, output reg [3:0] tens);
  always @(posedge clk) begin
    if (reset) begin
      ones <= 4'd0;
      tens <= 4'd0;
    end else if (ones == 4'd9) begin
      ones <= 4'd0;
      tens <= (tens == 4'd9) ? 4'd0 : tens + 4'd1;
    end else begin
      ones <= ones + 4'd1;
    end
  end
endmodule
