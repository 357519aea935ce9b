// expect: line=24 category=undeclared-identifier
// Handshake FSM: IDLE -> BUSY -> DONE -> IDLE
module hs_fsm (
    input  logic clk,
    input  logic rst,
    input  logic start,
    input  logic finish,
    output logic busy,
    output logic done
);
    typedef enum logic [1:0] {IDLE, BUSY, DONE} state_t;
    state_t state, next;

    always_ff @(posedge clk) begin
        if (rst) state <= IDLE;
        else     state <= next;
    end

    always_comb begin
        next = state;
        case (state)
            IDLE: if (start)  next = BUSY;
            BUSY: if (finish) next = DONE;
            DONE: next = IDEL;
            default: next = IDLE;
        endcase
    end

    assign busy = (state == BUSY);
    assign done = (state == DONE);
endmodule
