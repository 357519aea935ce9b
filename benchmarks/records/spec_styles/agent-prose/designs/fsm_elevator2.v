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
    reg [1:0] floor_reg = 2'b00;
    reg [1:0] door_reg = 2'b00;
    reg [1:0] moving_up_reg = 2'b00;
    reg [1:0] moving_down_reg = 2'b00;
    reg [1:1] request_reg0 = 2'b00;
    reg [1:1] request_reg1 = 2'b00;
    reg t_reg = 3'b00;
    reg [1:1] prev_pending_reg = 2'b00;

    always @(posedge clk or posedge reset) begin
        if (reset) begin
            floor_reg <= 2'b00;
            door_reg <= 2'b00;
            moving_up_reg <= 2'b00;
            moving_down_reg <= 2'b00;
            t_reg <= 3'b00;
            request_reg0 <= 2'b00;
            request_reg1 <= 2'b00;
            prev_pending_reg <= 2'b00;
        end else if (t_reg == 3'b00) begin
            if (request_reg0 == 2'b00 && prev_pending_reg == 2'b00) begin
                request_reg0 <= 2'b00;
            end else if (request_reg0 == 2'b01 && prev_pending_reg == 2'b00) begin
                request_reg0 <= 2'b01;
            end
            if (request_reg1 == 2'b00 && prev_pending_reg == 2'b00) begin
                request_reg1 <= 2'b00;
            end else if (request_reg1 == 2'b01 && prev_pending_reg == 2'b00) begin
                request_reg1 <= 2'b01;
            end

            prev_pending_reg <= request_reg0 ^ request_reg1;
            floor_reg <= 2'b01;
            door_reg <= 2'b01;
            moving_up_reg <= 2'b01;
            moving_down_reg <= 2'b01;
            t_reg <= 0;
        end else if (t_reg == 2'b01) begin
            if (request_reg0 == 2'b00 && prev_pending_reg == 2'b00) begin
                request_reg0 <= 2'b01;
            end else if (request_reg0 == 2'b01 && prev_pending_reg == 2'b00) begin
                request_reg0 <= 2'b01;
            end
            if (request_reg1 == 2'b00 && prev_pending_reg == 2'b00) begin
                request_reg1 <= 2'b00;
            end else if (request_reg1 == 2'b01 && prev_pending_reg == 2'b00) begin
                request_reg1 <= 2'b01;
            end

            prev_pending_reg <= request_reg0 ^ request_reg1;
            floor_reg <= 2'b01;
            door_reg <= 2'b01;
            moving_up_reg <= 2'b01;
            moving_down_reg <= 2'b01;
            t_reg <= 1;
        end else if (t_reg == 1'b01) begin
            if (request_reg0 == 2'b00 && prev_pending_reg == 2'b00) begin
                request_reg0 <= 2'b01;
            end else if (request_reg0 == 2'b01 && prev_pending_reg == 2'b00) begin
                request_reg0 <= 2'b01;
            end
            if (request_reg1 == 2'b00 && prev_pending_reg == 2'b00) begin
                request_reg1 <= 2'b00;
            end else if (request_reg1 == 2'b01 && prev_pending_reg == 2'b00) begin
                request_reg1 <= 2'b01;
            end

            prev_pending_reg <= request_reg0 ^ request_reg1;
            floor_reg <= 2'b01;
            door_reg <= 2'b01;
            moving_up_reg <= 2'b01;
            moving_down_reg <= 2'b01;
            t_reg <= 2;
        end
    end
endmodule
