module top_module (
    input clk,
    input reset,
    input key_valid,
    input [1:0] key,
    output reg unlock,
    output locked_out,
    output [1:0] progress
);
    reg [1:0] idx;
    reg [1:0] fails;
    reg [3:0] lock_t;
    reg [1:0] expected;

    always @(*) begin
        case (idx)
            2'd0: expected = 2'd2;
            2'd1: expected = 2'd0;
            2'd2: expected = 2'd3;
            default: expected = 2'd1;
        endcase
    end

    always @(posedge clk) begin
        if (reset) begin
            idx <= 2'd0;
            fails <= 2'd0;
            lock_t <= 4'd0;
            unlock <= 1'b0;
        end else begin
            unlock <= 1'b0;
            if (lock_t != 4'd0)
                lock_t <= lock_t - 4'd1;
            else if (key_valid) begin
                if (key == expected) begin
                    if (idx == 2'd3) begin
                        unlock <= 1'b1;
                        idx <= 2'd0;
                        fails <= 2'd0;
                    end else
                        idx <= idx + 2'd1;
                end else if (idx != 2'd0) begin
                    if (fails == 2'd2) begin
                        lock_t <= 4'd8;
                        idx <= 2'd0;
                        fails <= 2'd0;
                    end else begin
                        fails <= fails + 2'd1;
                        idx <= (key == 2'd2) ? 2'd1 : 2'd0;
                    end
                end
            end
        end
    end

    assign locked_out = (lock_t != 4'd0);
    assign progress = idx;
endmodule
