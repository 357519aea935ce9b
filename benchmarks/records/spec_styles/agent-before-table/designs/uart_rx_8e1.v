module top_module (
    input clk,
    input reset,
    input rx,
    output reg [7:0] data,
    output reg valid,
    output reg perr,
    output reg ferr
);
    reg [7:0] received_byte;
    reg [1:0] state = 2'b00; // IDLE
    reg [1:0] parity = 2'b00; // even parity

    always @(posedge clk) begin
        if (reset) begin
            state <= 2'b00;
            received_byte <= 8'h00;
            valid <= 0;
            perr <= 0;
            ferr <= 0;
        end else begin
            case (state)
                2'b00: begin // IDLE
                    if (rx == 0) begin
                        state <= 2'b01;
                        received_byte <= 8'h00;
                        parity <= 2'b00;
                    end
                end
                2'b01: begin // receiving data
                    received_byte[7:0] <= rx;
                    if (rx == 0) begin
                        state <= 2'b10;
                        parity <= 2'b00;
                    end
                end
                2'b10: begin // receiving parity
                    parity <= parity ^ rx;
                    if (rx == 0) begin
                        state <= 2'b11;
                    end
                end
                2'b11: begin // receiving stop bit
                    if (rx == 1) begin
                        if (parity == 2'b00) begin
                            valid <= 1;
                            data <= received_byte;
                        end else begin
                            perr <= 1;
                        end
                        state <= 2'b00;
                    end else begin
                        ferr <= 1;
                        state <= 2'b00;
                    end
                end
            endcase
        end
    end

    always @(posedge clk) begin
        if (valid) begin
            valid <= 0;
        end
        if (perr) begin
            perr <= 0;
        end
        if (ferr) begin
            ferr <= 0;
        end
    end
endmodule
