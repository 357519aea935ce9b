module top_module (
    input clk,
    input reset,
    input coin,
    input push,
    output reg locked,
    output reg alarm,
    output reg refund
);

    // Moore output
    always @(posedge clk) begin
        if (!reset) begin
            locked <= 1'b0;
        end else if (locked) begin
            locked <= 1'b0;
        end else if (coin && push) begin
            locked <= 1'b1;
        end
    end

    // Mealy output
    always @(posedge clk) begin
        if (!reset) begin
            alarm <= 1'b0;
        end else if (locked) begin
            alarm <= 1'b0;
        end else if (coin && !push) begin
            alarm <= 1'b1;
        end
    end

    // Mealy output
    always @(posedge clk) begin
        if (!reset) begin
            refund <= 1'b0;
        end else if (locked) begin
            refund <= 1'b0;
        end else if (coin && !push && locked == 1'b0) begin
            refund <= 1'b1;
        end
    end

endmodule
