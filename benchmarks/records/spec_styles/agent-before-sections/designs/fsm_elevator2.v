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

reg [1:0] state;
reg [2:0] t;
reg [1:0] req0, req1;

always @(posedge clk) begin
    if (reset) begin
        state <= 2'b00;
        t <= 3'b000;
        req0 <= 2'b00;
        req1 <= 2'b00;
    end else begin
        case (state)
            2'b00: begin
                if (lamp0) begin
                    req0 <= 2'b00;
                end else if (lamp1) begin
                    req1 <= 2'b00;
                end else if (call0) begin
                    req0 <= 2'b01;
                end else if (call1) begin
                    req1 <= 2'b11;
                end
            end
            2'b01: begin
                if (t == 3'b001) begin
                    state <= 2'b00;
                    t <= 3'b000;
                end
            end
            2'b10: begin
                if (lamp1) begin
                    req1 <= 2'b00;
                end else if (lamp0) begin
                    req0 <= 2'b00;
                end else if (call1) begin
                    req1 <= 2'b11;
                end
            end
            2'b11: begin
                if (t == 3'b001) begin
                    state <= 2'b10;
                    t <= 3'b000;
                end
            end
        endcase

        t <= t + 1'b1;
        if (t == 3'b000) begin
            t <= 3'b000;
        end

        floor <= state;
        door <= (state == 2'b01) | (state == 2'b11);
        moving_up <= (state == 2'b01);
        moving_down <= (state == 2'b10);
        lamp0 <= (state == 2'b01) | (state == 2'b11);
        lamp1 <= (state == 2'b01) | (state == 2'b11);
    end
end

always @(posedge clk) begin
    if (reset) begin
        req0 <= 2'b00;
        req1 <= 2'b00;
    end else begin
        req0 <= req0 | call0;
        req1 <= req1 | call1;
    end
end

endmodule
