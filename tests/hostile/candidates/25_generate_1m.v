// a generate loop of a million iterations
module top_module(input a, input b, input c, output maj);
  wire [999999:0] w;
  genvar i;
  generate for (i = 0; i < 1000000; i = i + 1) begin : g
    assign w[i] = a ^ b;
  end endgenerate
  assign maj = w[0] & 1'b0;
endmodule
