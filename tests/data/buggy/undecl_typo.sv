// expect: line=9 category=undeclared-identifier
// typo in a signal name
module und3(input logic clk, input logic rst, input logic [3:0] d, output logic [3:0] q);
  logic [3:0] data_r;
  always_ff @(posedge clk) begin
    if (rst) data_r <= '0;
    else data_r <= d;
  end
  assign q = dat_r;  // <- bug
endmodule
