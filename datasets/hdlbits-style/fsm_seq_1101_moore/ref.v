module top_module (
    input clk,
    input reset,
    input x,
    output found
);
    localparam [2:0] S0 = 3'd0, S1 = 3'd1, S11 = 3'd2, S110 = 3'd3, SHIT = 3'd4;
    reg [2:0] state;
    reg [2:0] next;

    always @(*) begin
        case (state)
            S0:      next = x ? S1 : S0;
            S1:      next = x ? S11 : S0;
            S11:     next = x ? S11 : S110;
            S110:    next = x ? SHIT : S0;
            SHIT:    next = x ? S11 : S0;
            default: next = S0;
        endcase
    end

    always @(posedge clk) begin
        if (reset)
            state <= S0;
        else
            state <= next;
    end

    assign found = (state == SHIT);
endmodule
