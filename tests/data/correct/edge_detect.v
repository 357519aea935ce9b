// correct: no errors and no warnings expected from any tool
module edge_detect(input clk, input reset, input sig, output rise, output fall);
  reg prev;
  always @(posedge clk) begin
    if (reset) prev <= 1'b0;
    else prev <= sig;
  end
  assign rise = sig & ~prev;
  assign fall = ~sig & prev;
endmodule
