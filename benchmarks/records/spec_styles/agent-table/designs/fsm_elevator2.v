module top_module (
    input clk,
    input reset,
    input call0,
    input call1,
    output reg floor,
    output reg door,
    output reg moving_up,
    output reg moving_down,
    output reg lamp0,
    output reg lamp1
);

    // States
    typedef enum {IDLE0, OPEN0, UP, IDLE1, OPEN1, DOWN} state_t;

    // Timers
    reg [1:0] t = 0;

    // Requests
    reg [1:0] req0, req1;

    // Request pending
    reg [1:0] pend0, pend1;

    // Current state
    state_t state;

    always @(posedge clk) begin
        if (!reset) begin
            state <= IDLE0;
            t <= 0;
            req0 <= 0;
            req1 <= 0;
            pend0 <= 0;
            pend1 <= 0;
        end else begin
            case (state)
                IDLE0:
                    if (pend0) begin
                        state <= OPEN0;
                    end else if (pend1) begin
                        state <= UP;
                    end else begin
                        state <= IDLE0;
                    end

                OPEN0:
                    if (t == 1) begin
                        state <= IDLE0;
                    end else begin
                        t <= 0;
                    end

                UP:
                    if (t == 2) begin
                        state <= OPEN1;
                    end else begin
                        t <= 1;
                    end

                IDLE1:
                    if (pend1) begin
                        state <= OPEN1;
                    end else if (pend0) begin
                        state <= DOWN;
                    end else begin
                        state <= IDLE1;
                    end

                OPEN1:
                    if (t == 1) begin
                        state <= IDLE1;
                    end else begin
                        t <= 0;
                    end

                DOWN:
                    if (t == 2) begin
                        state <= OPEN0;
                    end else begin
                        t <= 1;
                    end
            end

            // Update requests
            req0 <= (state == OPEN0 || state == IDLE0) ? 0 : (req0 | call0);
            req1 <= (state == OPEN1 || state == IDLE1) ? 0 : (req1 | call1);
        end
    end

    // Outputs
    always @(posedge clk) begin
        floor <= state == IDLE0 || state == OPEN0 ? 0 : 1;
        door <= (state == OPEN0 || state == OPEN1) ? 1 : 0;
        moving_up <= (state == UP) ? 1 : 0;
        moving_down <= (state == DOWN) ? 1 : 0;
        lamp0 <= pend0;
        lamp1 <= pend1;
    end

endmodule
