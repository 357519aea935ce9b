// expect: line=4 category=syntax
// missing semicolon after a declaration
module syn3(input logic clk, input logic [7:0] d, output logic [7:0] q);
  logic [7:0] r  // <- bug
  always_ff @(posedge clk) r <= d;
  assign q = r;
endmodule
