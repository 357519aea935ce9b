// expect: line=5 category=syntax
// missing semicolon after a nonblocking assignment
module syn2(input clk, input [3:0] d, output reg [3:0] q);
  always @(posedge clk) begin
    q <= d  // <- bug
  end
endmodule
