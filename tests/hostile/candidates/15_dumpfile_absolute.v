// $dumpfile to an absolute path outside the run
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  initial begin
    $dumpfile("@CANARY@/dump.vcd");
    $dumpvars(0, top_module);
  end
endmodule
