// expect: line=4 category=missing-sensitivity
// adder lists only one operand
module ms3(input [7:0] x, input [7:0] z, output reg [8:0] s);
  always @(x) begin  // <- bug
    s = x + z;
  end
endmodule
