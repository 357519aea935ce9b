// correct: no errors and no warnings expected from any tool
module mux_comb(input logic [1:0] sel, input logic [7:0] a, input logic [7:0] b, input logic [7:0] c,
                output logic [7:0] y);
  always_comb begin
    unique case (sel)
      2'b00: y = a;
      2'b01: y = b;
      default: y = c;
    endcase
  end
endmodule
