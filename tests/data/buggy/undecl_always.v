// expect: line=5 category=undeclared-identifier
// always block reads an undeclared name
module und2(input clk, input [7:0] d, output reg [7:0] q);
  always @(posedge clk)
    q <= d + offset;  // <- bug
endmodule
