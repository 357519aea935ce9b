// correct: no errors and no warnings expected from any tool
module fsm_enum(input logic clk, input logic rst, input logic go, output logic busy);
  typedef enum logic [1:0] {IDLE, RUN, DONE} state_t;
  state_t state, next;
  always_comb begin
    next = state;
    case (state)
      IDLE: if (go) next = RUN;
      RUN: next = DONE;
      DONE: next = IDLE;
      default: next = IDLE;
    endcase
  end
  always_ff @(posedge clk) begin
    if (rst) state <= IDLE;
    else state <= next;
  end
  assign busy = (state == RUN);
endmodule
