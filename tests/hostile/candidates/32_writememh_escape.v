// $writememh above the run directory and to an absolute path
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  reg [7:0] mem [0:3];
  initial begin
    $writememh("../../hostile_mem.hex", mem);
    $writememh("@CANARY@/mem.hex", mem);
  end
endmodule
