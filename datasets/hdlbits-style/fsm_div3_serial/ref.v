module top_module (
    input clk,
    input reset,
    input clear,
    input valid,
    input b,
    output reg [1:0] rem,
    output div3
);
    reg [1:0] nxt;

    always @(*) begin
        case ({rem, b})
            3'b00_0: nxt = 2'd0;
            3'b00_1: nxt = 2'd1;
            3'b01_0: nxt = 2'd2;
            3'b01_1: nxt = 2'd0;
            3'b10_0: nxt = 2'd1;
            3'b10_1: nxt = 2'd2;
            default: nxt = 2'd0;
        endcase
    end

    always @(posedge clk) begin
        if (reset || clear)
            rem <= 2'd0;
        else if (valid)
            rem <= nxt;
    end

    assign div3 = (rem == 2'd0);
endmodule
