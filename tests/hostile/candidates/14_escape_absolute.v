// writes to absolute paths: the canary directory and /tmp
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  integer fd;
  initial begin
    fd = $fopen("@CANARY@/abs_write.txt", "w"); if (fd) $fclose(fd);
    fd = $fopen("/tmp/hostile_tmp_write.txt", "w"); if (fd) $fclose(fd);
    fd = $fopen("/var/tmp/hostile_vartmp_write.txt", "w"); if (fd) $fclose(fd);
  end
endmodule
