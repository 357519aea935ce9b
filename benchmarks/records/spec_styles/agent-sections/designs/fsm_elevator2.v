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
    reg [1:0] state;
    reg [1:0] pending_reg;
    reg [1:0] t;
    reg [1:0] req0, req1;

    always @(posedge clk) begin
        if (reset) begin
            state <= 2'b00;
            t <= 3'b00;
            pending_reg <= 2'b00;
            req0 <= 2'b00;
            req1 <= 2'b00;
        end else begin
            case (state)
                2'b00: begin
                    if (pending_reg == 2'b00) begin
                        if (call0) begin
                            pending_reg <= 2'b01;
                        end else if (call1) begin
                            pending_reg <= 2'b10;
                        end
                    end else if (pending_reg == 2'b01) begin
                        state <= 2'b01;
                        t <= 3'b01;
                    end else if (pending_reg == 2'b10) begin
                        state <= 2'b10;
                        t <= 3'b01;
                    end
                end
                2'b01: begin
                    if (t == 3'b01) begin
                        state <= 2'b00;
                        t <= 3'b00;
                    end
                end
                2'b10: begin
                    if (pending_reg == 2'b00) begin
                        if (call0) begin
                            pending_reg <= 2'b01;
                        end else if (call1) begin
                            pending_reg <= 2'b10;
                        end
                    end else if (pending_reg == 2'b01) begin
                        state <= 2'b11;
                        t <= 3'b01;
                    end else if (pending_reg == 2'b10) begin
                        state <= 2'b10;
                        t <= 3'b01;
                    end
                end
                2'b11: begin
                    if (t == 3'b01) begin
                        state <= 2'b00;
                        t <= 3'b00;
                    end
                end
            endcase

            req0 <= (state == 2'b00 || state == 2'b01) ? req0 | call0 : req0;
            req1 <= (state == 2'b10 || state == 2'b11) ? req1 | call1 : req1;
        end
    end

    always @(posedge clk) begin
        if (reset) begin
            floor <= 2'b00;
            door <= 2'b00;
            moving_up <= 2'b00;
            moving_down <= 2'b00;
            lamp0 <= 2'b00;
            lamp1 <= 2'b00;
        end else begin
            case (state)
                2'b00: floor <= 2'b00;
                2'b01: floor <= 2'b01;
                2'b10: floor <= 2'b01;
                2'b11: floor <= 2'b00;
            endcase

            door <= (state == 2'b01 || state == 2'b10) ? 2'b01 : 2'b00;
            moving_up <= (state == 2'b01) ? 2'b01 : 2'b00;
            moving_down <= (state == 2'b10) ? 2'b01 : 2'b00;
            lamp0 <= pending_reg[0];
            lamp1 <= pending_reg[1];
        end
    end
endmodule
