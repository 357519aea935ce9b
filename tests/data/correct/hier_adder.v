// correct: no errors and no warnings expected from any tool
module full_add(input a, input b, input ci, output s, output co);
  assign s = a ^ b ^ ci;
  assign co = (a & b) | (a & ci) | (b & ci);
endmodule
module hier_adder(input [3:0] a, input [3:0] b, output [3:0] s, output co);
  wire [4:0] c;
  assign c[0] = 1'b0;
  genvar i;
  generate
    for (i = 0; i < 4; i = i + 1) begin : g_bit
      full_add u_fa (.a(a[i]), .b(b[i]), .ci(c[i]), .s(s[i]), .co(c[i+1]));
    end
  endgenerate
  assign co = c[4];
endmodule
