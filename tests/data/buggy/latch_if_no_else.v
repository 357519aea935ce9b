// expect: line=4 category=latch-inferred
// if without else in always @(*)
module li1(input en, input [3:0] d, output reg [3:0] q);
  always @(*) begin  // <- bug
    if (en) q = d;
  end
endmodule
