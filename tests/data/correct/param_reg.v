// correct: no errors and no warnings expected from any tool
module param_reg #(parameter WIDTH = 8) (input clk, input [WIDTH-1:0] d, output reg [WIDTH-1:0] q);
  always @(posedge clk) q <= d;
endmodule
module param_top(input clk, input [15:0] d, output [15:0] q);
  param_reg #(.WIDTH(16)) u0 (.clk(clk), .d(d), .q(q));
endmodule
