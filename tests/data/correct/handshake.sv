// correct: no errors and no warnings expected from any tool
module handshake(input logic clk, input logic rst, input logic valid, input logic [7:0] data,
                 output logic ready, output logic [7:0] held);
  always_ff @(posedge clk) begin
    if (rst) begin
      ready <= 1'b1;
      held <= '0;
    end else if (valid && ready) begin
      held <= data;
      ready <= 1'b0;
    end else begin
      ready <= 1'b1;
    end
  end
endmodule
