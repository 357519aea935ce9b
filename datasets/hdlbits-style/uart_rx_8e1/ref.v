module top_module (
    input clk,
    input reset,
    input rx,
    output reg [7:0] data,
    output reg valid,
    output reg perr,
    output reg ferr
);
    localparam [2:0] IDLE = 3'd0, DATA = 3'd1, PAR = 3'd2, STOP = 3'd3, WAIT1 = 3'd4;
    reg [2:0] state;
    reg [2:0] n;
    reg [7:0] shift;
    reg par;

    always @(posedge clk) begin
        if (reset) begin
            state <= IDLE;
            n <= 3'd0;
            shift <= 8'h00;
            par <= 1'b0;
            data <= 8'h00;
            valid <= 1'b0;
            perr <= 1'b0;
            ferr <= 1'b0;
        end else begin
            valid <= 1'b0;
            perr <= 1'b0;
            ferr <= 1'b0;
            case (state)
                IDLE: begin
                    if (!rx) begin
                        state <= DATA;
                        n <= 3'd0;
                    end
                end
                DATA: begin
                    shift <= {rx, shift[7:1]};
                    n <= n + 3'd1;
                    if (n == 3'd7)
                        state <= PAR;
                end
                PAR: begin
                    par <= rx;
                    state <= STOP;
                end
                STOP: begin
                    if (rx) begin
                        state <= IDLE;
                        if ((^shift) == par) begin
                            valid <= 1'b1;
                            data <= shift;
                        end else
                            perr <= 1'b1;
                    end else begin
                        state <= WAIT1;
                        ferr <= 1'b1;
                    end
                end
                default: begin
                    if (rx)
                        state <= IDLE;
                end
            endcase
        end
    end
endmodule
