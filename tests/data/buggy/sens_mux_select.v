// expect: line=4 category=missing-sensitivity
// mux sensitivity list misses the select
module ms2(input [3:0] a, input [3:0] b, input sel, output reg [3:0] y);
  always @(a or b) begin  // <- bug
    if (sel) y = b;
    else y = a;
  end
endmodule
