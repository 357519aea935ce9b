module top_module (
    input clk,
    input reset,
    input rx,
    output reg [7:0] data,
    output reg valid,
    output reg perr,
    output reg ferr
);

    // Initial state
    reg [7:0] state;
    reg [7:0] received_byte;
    reg [7:0] parity;
    reg [7:0] data_mask = {8'h00, {8{1'b1}}};

    always @(posedge clk or posedge reset) begin
        if (reset) begin
            state <= 8'b10000001;
            received_byte <= 8'b00000000;
            parity <= 8'b00000000;
        end else begin
            case (state)
                8'b10000001: begin
                    // Check for start bit
                    if (rx == 1'b0) begin
                        state <= 8'b01000000;
                    end
                end
                8'b01000000: begin
                    // Receive 8 data bits
                    received_byte <= (received_byte << 1) | rx;
                end
                8'b01000001: begin
                    // Calculate parity
                    parity = received_byte ^ 0x01;
                    state <= 8'b10000010;
                end
                8'b10000010: begin
                    // Check for stop bit
                    if (rx == 1'b1) begin
                        // Check parity
                        if (parity == 8'b00000000) begin
                            valid <= 1;
                            data <= received_byte;
                            state <= 8'b10000001;
                            perr <= 0;
                        end else begin
                            ferr <= 1;
                            state <= 8'b10000001;
                            perr <= 0;
                        end
                    end else begin
                        // Framing error, go back to IDLE
                        state <= 8'b10000001;
                        perr <= 0;
                    end
                end
                default: begin
                    // Invalid state, go back to IDLE
                    state <= 8'b10000001;
                    perr <= 0;
                end
            endcase
        end
    end

endmodule
