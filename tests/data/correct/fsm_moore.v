// correct: no errors and no warnings expected from any tool
module fsm_moore(input clk, input reset, input in, output out);
  localparam A = 2'd0, B = 2'd1, C = 2'd2, D = 2'd3;
  reg [1:0] state, next;
  always @(*) begin
    case (state)
      A: next = in ? B : A;
      B: next = in ? B : C;
      C: next = in ? D : A;
      default: next = in ? B : C;
    endcase
  end
  always @(posedge clk) begin
    if (reset) state <= A;
    else state <= next;
  end
  assign out = (state == D);
endmodule
