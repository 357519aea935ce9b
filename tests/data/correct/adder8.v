// correct: no errors and no warnings expected from any tool
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b + {7'd0, cin};
endmodule
