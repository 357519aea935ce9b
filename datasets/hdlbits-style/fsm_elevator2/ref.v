module top_module (
    input clk,
    input reset,
    input call0,
    input call1,
    output floor,
    output door,
    output moving_up,
    output moving_down,
    output lamp0,
    output lamp1
);
    localparam [2:0] IDLE0 = 3'd0, OPEN0 = 3'd1, UP = 3'd2,
                     IDLE1 = 3'd3, OPEN1 = 3'd4, DOWN = 3'd5;
    reg [2:0] state;
    reg [2:0] next;
    reg [1:0] t;
    reg req0, req1;
    wire pend0 = req0 | call0;
    wire pend1 = req1 | call1;

    always @(*) begin
        next = state;
        case (state)
            IDLE0: if (pend0) next = OPEN0; else if (pend1) next = UP;
            OPEN0: if (t == 2'd1) next = IDLE0;
            UP:    if (t == 2'd2) next = OPEN1;
            IDLE1: if (pend1) next = OPEN1; else if (pend0) next = DOWN;
            OPEN1: if (t == 2'd1) next = IDLE1;
            DOWN:  if (t == 2'd2) next = OPEN0;
            default: next = IDLE0;
        endcase
    end

    always @(posedge clk) begin
        if (reset) begin
            state <= IDLE0;
            t <= 2'd0;
            req0 <= 1'b0;
            req1 <= 1'b0;
        end else begin
            state <= next;
            if (next != state)
                t <= 2'd0;
            else if (t != 2'd3)
                t <= t + 2'd1;
            req0 <= (state == OPEN0 || next == OPEN0) ? 1'b0 : pend0;
            req1 <= (state == OPEN1 || next == OPEN1) ? 1'b0 : pend1;
        end
    end

    assign floor = (state == IDLE1) | (state == OPEN1) | (state == DOWN);
    assign door = (state == OPEN0) | (state == OPEN1);
    assign moving_up = (state == UP);
    assign moving_down = (state == DOWN);
    assign lamp0 = req0;
    assign lamp1 = req1;
endmodule
