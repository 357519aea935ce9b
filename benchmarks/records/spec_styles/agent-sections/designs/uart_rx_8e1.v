module top_module (
    input clk,
    input reset,
    input rx,
    output [7:0] data,
    output valid,
    output perr,
    output ferr
);

    // State machine states
    enum { IDLE, DATA, PARITY, STOP } state;

    // Registers
    reg [7:0] data_reg;
    reg valid_reg;
    reg perr_reg;
    reg ferr_reg;

    // Initial state
    initial begin
        state = IDLE;
        data_reg = 8'h00;
        valid_reg = 0;
        perr_reg = 0;
        ferr_reg = 0;
    end

    // State machine logic
    always @(posedge clk) begin
        if (reset) begin
            state = IDLE;
            data_reg = 8'h00;
            valid_reg = 0;
            perr_reg = 0;
            ferr_reg = 0;
        end else begin
            case (state)
                IDLE: begin
                    if (rx == 0) begin
                        state = DATA;
                        data_reg = 0;
                        valid_reg = 0;
                        perr_reg = 0;
                        ferr_reg = 0;
                    end
                end
                DATA: begin
                    if (rx == 0) begin
                        state = PARITY;
                        data_reg <<= 1;
                        valid_reg = 0;
                        perr_reg = 0;
                        ferr_reg = 0;
                    end else begin
                        data_reg <<= 1;
                        data_reg |= rx;
                        valid_reg = 0;
                        perr_reg = 0;
                        ferr_reg = 0;
                    end
                end
                PARITY: begin
                    if (rx == 0) begin
                        state = STOP;
                        valid_reg = 0;
                        perr_reg = 0;
                        ferr_reg = 0;
                    end else begin
                        data_reg <<= 1;
                        data_reg |= rx;
                        valid_reg = 0;
                        perr_reg = 0;
                        ferr_reg = 0;
                    end
                end
                STOP: begin
                    if (rx == 0) begin
                        state = IDLE;
                        valid_reg = 1;
                        perr_reg = 0;
                        ferr_reg = 0;
                    end else begin
                        state = IDLE;
                        valid_reg = 1;
                        perr_reg = 1;
                        ferr_reg = 1;
                    end
                end
            endcase
        end
    end

    // Outputs
    assign data = data_reg;
    assign valid = valid_reg;
    assign perr = perr_reg;
    assign ferr = ferr_reg;
endmodule
