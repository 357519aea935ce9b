module top_module (
    input clk,
    input reset,
    input en,
    output reg [4:0] q,
    output reg [3:0] phase
);
    always @(posedge clk) begin
        if (reset)
            q <= 5'b00000;
        else if (en)
            q <= {q[3:0], ~q[4]};
    end

    always @(*) begin
        case (q)
            5'b00000: phase = 4'd0;
            5'b00001: phase = 4'd1;
            5'b00011: phase = 4'd2;
            5'b00111: phase = 4'd3;
            5'b01111: phase = 4'd4;
            5'b11111: phase = 4'd5;
            5'b11110: phase = 4'd6;
            5'b11100: phase = 4'd7;
            5'b11000: phase = 4'd8;
            5'b10000: phase = 4'd9;
            default:  phase = 4'd15;
        endcase
    end
endmodule
