// expect: line=5 category=procedural-assign-to-wire
// output wire [7:0] assigned in a clocked block
module pw3(input clk, input [7:0] d, output wire [7:0] q);
  always @(posedge clk) begin
    q <= d;  // <- bug
  end
endmodule
