module top_module (
    input clk,
    input reset,
    input send,
    input [7:0] data_in,
    input ack,
    output req,
    output busy,
    output reg done,
    output reg [7:0] data_out
);
    localparam [1:0] IDLE = 2'd0, REQ = 2'd1, REL = 2'd2;
    reg [1:0] state;

    always @(posedge clk) begin
        if (reset) begin
            state <= IDLE;
            data_out <= 8'h00;
            done <= 1'b0;
        end else begin
            done <= 1'b0;
            case (state)
                IDLE: if (send) begin
                    data_out <= data_in;
                    state <= REQ;
                end
                REQ: if (ack) state <= REL;
                default: if (!ack) begin
                    state <= IDLE;
                    done <= 1'b1;
                end
            endcase
        end
    end

    assign req = (state == REQ);
    assign busy = (state != IDLE);
endmodule
