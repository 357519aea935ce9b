module top_module (
    input clk,
    input reset,
    input coin,
    input push,
    output reg locked,
    output reg alarm,
    output reg refund
);

    // Define the state variable
    reg [1:0] state;

    // Assign the initial state
    always @(posedge clk) begin
        if (reset) begin
            state <= 2'b00; // LOCKED
        end else begin
            state <= state; // No change until coin or push is detected
        end
    end

    // Assign the state transitions
    always @(posedge clk) begin
        if (reset) begin
            state <= 2'b00; // LOCKED
        end else begin
            case (state)
                2'b00: begin
                    if (coin) begin
                        state <= 2'b01; // LOCKED
                    end else if (push) begin
                        state <= 2'b01; // LOCKED
                    end
                end
                2'b01: begin
                    if (coin) begin
                        state <= 2'b10; // UNLOCKED
                    end else if (push) begin
                        state <= 2'b10; // UNLOCKED
                    end
                end
                2'b10: begin
                    if (push) begin
                        state <= 2'b10; // UNLOCKED
                    end
                end
            endcase
        end
    end

    // Assign the outputs
    always @(posedge clk) begin
        if (reset) begin
            locked <= 1'b0; // LOCKED
            alarm <= 1'b0;
            refund <= 1'b0;
        end else begin
            case (state)
                2'b00: begin
                    alarm <= 1'b0;
                    refund <= 1'b0;
                end
                2'b01: begin
                    alarm <= 1'b1;
                    refund <= 1'b0;
                end
                2'b10: begin
                    alarm <= 1'b0;
                    refund <= 1'b1;
                end
            endcase
        end
    end

endmodule
