module top_module (
    input clk,
    input reset,
    input call0,
    input call1,
    output reg [1:0] floor,
    output reg door,
    output reg moving_up,
    output reg moving_down,
    output reg lamp0,
    output reg lamp1
);

    reg [1:0] state = IDLE0;
    reg [1:0] t = 0;
    reg [1:0] req0 = 0;
    reg [1:0] req1 = 0;
    reg [1:0] pend0 = 0;
    reg [1:0] pend1 = 0;

    always @(posedge clk) begin
        if (reset) begin
            state <= IDLE0;
            t <= 0;
            req0 <= 0;
            req1 <= 0;
            pend0 <= 0;
            pend1 <= 0;
        end else begin
            case (state)
                IDLE0: begin
                    if (pend0) begin
                        state <= OPEN0;
                        t <= 0;
                    end else if (pend1) begin
                        state <= UP;
                        t <= 0;
                    end else begin
                        state <= IDLE0;
                    end
                end
                OPEN0: begin
                    if (t == 1) begin
                        state <= IDLE0;
                        t <= 0;
                    end
                end
                UP: begin
                    if (t == 2) begin
                        state <= OPEN1;
                        t <= 0;
                    end
                end
                IDLE1: begin
                    if (pend1) begin
                        state <= OPEN1;
                        t <= 0;
                    end else if (pend0) begin
                        state <= DOWN;
                        t <= 0;
                    end else begin
                        state <= IDLE1;
                    end
                end
                OPEN1: begin
                    if (t == 1) begin
                        state <= IDLE1;
                        t <= 0;
                    end
                end
                DOWN: begin
                    if (t == 2) begin
                        state <= OPEN0;
                        t <= 0;
                    end
                end
            endcase

            t <= t + 1;
            pend0 <= pend0 | call0;
            pend1 <= pend1 | call1;
        end
    end

    always @(posedge clk) begin
        floor <= state;
        door <= (state == OPEN0) | (state == OPEN1);
        moving_up <= (state == UP);
        moving_down <= (state == DOWN);
        lamp0 <= pend0;
        lamp1 <= pend1;
    end

endmodule
