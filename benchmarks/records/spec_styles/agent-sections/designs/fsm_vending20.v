module top_module (
    input clk,
    input reset,
    input [1:0] coin,
    input cancel,
    output [4:0] credit,
    output vend,
    output [5:0] change
);

    // Register to hold the accumulated credit
    reg [4:0] credit_reg;

    // Register to hold the vend and change signals
    reg [1:0] vend_reg;
    reg [5:0] change_reg;

    // State machine to manage the vending machine
    always @(posedge clk) begin
        // Reset the state machine
        if (reset) begin
            credit_reg <= 5'b00000;
            vend_reg <= 2'b00;
            change_reg <= 5'b00000;
        end else begin
            // Check if the cancel signal is set
            if (cancel) begin
                // Return the credit and reset the state machine
                credit_reg <= credit_reg + coin;
                vend_reg <= 2'b00;
                change_reg <= credit_reg;
            end else begin
                // Update the credit based on the coin inserted
                credit_reg <= credit_reg + coin;
                // Check if the credit is enough to sell the item
                if (credit_reg >= 5'b10000) begin
                    // Sell the item and reset the state machine
                    credit_reg <= 5'b00000;
                    vend_reg <= 2'b01;
                    change_reg <= credit_reg - 5'b10000;
                end else begin
                    // Keep the credit and continue the state machine
                    vend_reg <= 2'b00;
                    change_reg <= credit_reg;
                end
            end
        end
    end

    // Assign the outputs
    assign credit = credit_reg;
    assign vend = vend_reg;
    assign change = change_reg;

endmodule
