// expect: line=4 category=latch-inferred
// case without default covering 3 of 4 values
module li2(input [1:0] s, input a, input b, input c, output reg y);
  always @(*) begin  // <- bug
    case (s)
      2'd0: y = a;
      2'd1: y = b;
      2'd2: y = c;
    endcase
  end
endmodule
