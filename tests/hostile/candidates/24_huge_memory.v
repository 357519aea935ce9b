// a 2 GiB memory array
module top_module(input a, input b, input c, output maj);
  reg [31:0] mem [0:536870911];
  initial mem[536870911] = 1;
  assign maj = mem[0][0];
endmodule
