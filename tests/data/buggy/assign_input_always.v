// expect: line=5 category=assign-to-input
// an input written inside an always block
module ai2(input clk, input rst, input [3:0] d, output reg [3:0] q);
  always @(posedge clk) begin
    if (rst) d <= 4'd0;  // <- bug
    q <= d;
  end
endmodule
