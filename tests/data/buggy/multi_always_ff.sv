// expect: line=5 category=multiple-drivers
// one logic written by two always_ff blocks
module md2(input logic clk, input logic rst, input logic d, output logic q);
  always_ff @(posedge clk) q <= d;
  always_ff @(posedge clk) if (rst) q <= 1'b0;  // <- bug
endmodule
