module top_module (
    input clk,
    input reset,
    input x,
    output det,
    output reg [3:0] count
);
    localparam [2:0] S0 = 3'd0, S1 = 3'd1, S10 = 3'd2, S100 = 3'd3, SDET = 3'd4;
    reg [2:0] state;
    reg [2:0] next;

    always @(*) begin
        case (state)
            S0:      next = x ? S1 : S0;
            S1:      next = x ? S1 : S10;
            S10:     next = x ? S1 : S100;
            S100:    next = x ? SDET : S0;
            SDET:    next = x ? S1 : S0;     // fresh start: the matched bits are used up
            default: next = S0;
        endcase
    end

    always @(posedge clk) begin
        if (reset) begin
            state <= S0;
            count <= 4'd0;
        end else begin
            state <= next;
            if (next == SDET && count != 4'd15)
                count <= count + 4'd1;
        end
    end

    assign det = (state == SDET);
endmodule
