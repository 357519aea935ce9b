// expect: line=15 category=procedural-assign-to-wire
// Traffic light FSM with next-state declared as a wire
module traffic (
    input  wire       clk,
    input  wire       rst,
    input  wire       tick,
    output wire [1:0] light
);
    localparam RED = 2'd0, GREEN = 2'd1, YELLOW = 2'd2;
    reg  [1:0] state;
    wire [1:0] next;

    always @(*) begin
        case (state)
            RED:     next = tick ? GREEN  : RED;
            GREEN:   next = tick ? YELLOW : GREEN;
            YELLOW:  next = tick ? RED    : YELLOW;
            default: next = RED;
        endcase
    end

    always @(posedge clk)
        if (rst) state <= RED;
        else     state <= next;

    assign light = state;
endmodule
