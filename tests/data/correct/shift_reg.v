// correct: no errors and no warnings expected from any tool
module shift_reg(input clk, input reset, input din, output [7:0] q);
  reg [7:0] r;
  always @(posedge clk) begin
    if (reset) r <= 8'd0;
    else r <= {r[6:0], din};
  end
  assign q = r;
endmodule
