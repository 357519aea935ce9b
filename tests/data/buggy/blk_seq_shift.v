// expect: line=6 category=blocking-in-sequential
// shift register written with blocking assignments
module bs2(input clk, input d, output reg q);
  reg a;
  always @(posedge clk) begin
    a = d;  // <- bug
    q <= a;
  end
endmodule
