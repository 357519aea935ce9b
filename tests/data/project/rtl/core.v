`include "defs.vh"
module core(input [`BUS_W-1:0] a, output [`BUS_W-1:0] y);
`ifdef INVERT
  assign y = ~a;
`else
  assign y = a;
`endif
endmodule
