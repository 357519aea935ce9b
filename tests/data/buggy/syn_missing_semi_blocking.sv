// expect: line=6 category=syntax
// missing semicolon inside always_comb
module syn5(input logic [1:0] s, input logic a, input logic b, output logic y);
  always_comb begin
    y = 1'b0;
    if (s == 2'd1) y = a  // <- bug
    else y = b;
  end
endmodule
