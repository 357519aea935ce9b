// expect: line=24 category=latch-inferred
// Moore FSM whose output decode forgets a default
module door_fsm (
    input  logic clk,
    input  logic rst,
    input  logic open_req,
    input  logic close_req,
    output logic motor_up,
    output logic motor_down
);
    typedef enum logic [1:0] {CLOSED, OPENING, OPEN, CLOSING} state_t;
    state_t state;

    always_ff @(posedge clk) begin
        if (rst) state <= CLOSED;
        else case (state)
            CLOSED:  if (open_req)  state <= OPENING;
            OPENING: state <= OPEN;
            OPEN:    if (close_req) state <= CLOSING;
            CLOSING: state <= CLOSED;
        endcase
    end

    always_comb begin
        case (state)
            OPENING: begin motor_up = 1'b1; motor_down = 1'b0; end
            CLOSING: begin motor_up = 1'b0; motor_down = 1'b1; end
            CLOSED:  begin motor_up = 1'b0; motor_down = 1'b0; end
        endcase
    end
endmodule
