module top_module (
    input clk,
    input reset,
    input car_side,
    input ped,
    output main_g,
    output main_y,
    output main_r,
    output side_g,
    output side_y,
    output side_r,
    output walk,
    output wait_led
);
    localparam [1:0] MG = 2'd0, MY = 2'd1, SG = 2'd2, SY = 2'd3;
    reg [1:0] phase;
    reg [1:0] next;
    reg [2:0] t;
    reg ped_req;

    always @(*) begin
        next = phase;
        case (phase)
            MG: if (t >= 3'd5 && (car_side || ped_req)) next = MY;
            MY: if (t == 3'd1) next = SG;
            SG: if (t == 3'd3) next = SY;
            default: if (t == 3'd1) next = MG;
        endcase
    end

    always @(posedge clk) begin
        if (reset) begin
            phase <= MG;
            t <= 3'd0;
            ped_req <= 1'b0;
        end else begin
            phase <= next;
            if (next != phase)
                t <= 3'd0;
            else if (t != 3'd7)
                t <= t + 3'd1;
            if (phase == MY && next == SG)
                ped_req <= 1'b0;
            else if (ped)
                ped_req <= 1'b1;
        end
    end

    assign main_g = (phase == MG);
    assign main_y = (phase == MY);
    assign main_r = (phase == SG) | (phase == SY);
    assign side_g = (phase == SG);
    assign side_y = (phase == SY);
    assign side_r = (phase == MG) | (phase == MY);
    assign walk = (phase == SG);
    assign wait_led = ped_req;
endmodule
