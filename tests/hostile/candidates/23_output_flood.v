// floods the output
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  integer i;
  initial forever begin
    for (i = 0; i < 100000; i = i + 1) $display("flood flood flood flood flood flood flood flood flood %0d", i);
    #1;
  end
endmodule
