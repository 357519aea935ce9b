// expect: line=4 category=unknown-module
// instance of a missing SV module
module um3(input logic clk, input logic [7:0] d, output logic [7:0] q);
  sync_fifo #(.DEPTH(4)) u_fifo (.clk(clk), .din(d), .dout(q));  // <- bug
endmodule
