// expect: line=4 category=latch-inferred
// second output assigned in one branch only
module li4(input s, input [3:0] a, input [3:0] b, output reg [3:0] y, output reg z);
  always @(*) begin  // <- bug
    if (s) begin
      y = a;
      z = 1'b1;
    end else begin
      y = b;
    end
  end
endmodule
