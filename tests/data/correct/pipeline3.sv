// correct: no errors and no warnings expected from any tool
module pipeline3 #(parameter int W = 8) (input logic clk, input logic rst_n, input logic [W-1:0] d,
                                      output logic [W-1:0] q);
  logic [W-1:0] s1, s2;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      s1 <= '0;
      s2 <= '0;
      q <= '0;
    end else begin
      s1 <= d;
      s2 <= s1;
      q <= s2;
    end
  end
endmodule
