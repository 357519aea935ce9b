// finding: files written above the run directory ("../../escape.txt", six levels up)
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  integer fd;
  initial begin
    fd = $fopen("../../hostile_escape.txt", "w"); if (fd) $fclose(fd);
    fd = $fopen("../../../../../../hostile_escape6.txt", "w"); if (fd) $fclose(fd);
    fd = $fopen("../hostile_escape1.txt", "w"); if (fd) $fclose(fd);
  end
endmodule
