// correct: no errors and no warnings expected from any tool
module edge_ff(input logic clk, input logic rst, input logic [7:0] in, output logic [7:0] anyedge);
  logic [7:0] prev;
  always_ff @(posedge clk) begin
    if (rst) begin
      prev <= '0;
      anyedge <= '0;
    end else begin
      prev <= in;
      anyedge <= in ^ prev;
    end
  end
endmodule
