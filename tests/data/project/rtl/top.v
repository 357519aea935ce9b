module top(input [7:0] a, output [7:0] y);
  core u_core(.a(a), .y(y));
endmodule
