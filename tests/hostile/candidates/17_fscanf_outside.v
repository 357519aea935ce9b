// $fscanf of a file outside the run; correct only if it could be read
module top_module(input a, input b, input c, output maj);
  integer fd, r, v;
  reg ok = 0;
  initial begin
    v = 0;
    fd = $fopen("@CANARY@/secret.txt", "r");
    if (fd) begin r = $fscanf(fd, "%d", v); ok = (v == 1); end
  end
  assign maj = ok & ((a & b) | (a & c) | (b & c));
endmodule
