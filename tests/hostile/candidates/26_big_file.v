// writes a 300 MB file into its working directory (over the file-size limit)
module top_module(input a, input b, input c, output maj);
  assign maj = 1'b0;
  integer fd, i;
  initial begin
    fd = $fopen("big.bin", "w");
    for (i = 0; i < 3000000; i = i + 1)
      $fwrite(fd, "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789");
    $fclose(fd);
  end
endmodule
