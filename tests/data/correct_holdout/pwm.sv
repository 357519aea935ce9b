// 8-bit PWM generator with a registered duty cycle
module pwm (
    input  logic       clk,
    input  logic       rst,
    input  logic       duty_we,
    input  logic [7:0] duty_in,
    output logic       pwm_out
);
    logic [7:0] cnt, duty;

    always_ff @(posedge clk) begin
        if (rst) begin
            cnt     <= 8'd0;
            duty    <= 8'd0;
            pwm_out <= 1'b0;
        end else begin
            cnt <= cnt + 8'd1;
            if (duty_we && cnt == 8'hFF)
                duty <= duty_in;
            pwm_out <= (cnt < duty);
        end
    end
endmodule
