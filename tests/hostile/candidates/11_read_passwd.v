// finding: reads anywhere: /etc/passwd copied out; correct only if the read worked
module top_module(input a, input b, input c, output maj);
  reg ok = 0;
  integer fd, out, r;
  reg [8*200:1] line;
  initial begin
    fd = $fopen("/etc/passwd", "r");
    if (fd) begin
      r = $fgets(line, fd);
      out = $fopen("@CANARY@/passwd_copy.txt", "w");
      if (out) $fwrite(out, "%0s", line);
      ok = 1;
    end
  end
  assign maj = ok & ((a & b) | (a & c) | (b & c));
endmodule
