module top_module (
    input clk,
    input reset,
    input coin,
    input push,
    output reg locked,
    output reg alarm,
    output reg refund
);

// Moore output: 1 when the state is LOCKED
always @(posedge clk) begin
    if (reset) begin
        locked <= 1'b0;
    end else begin
        case (locked)
            1'b0: begin
                if (coin && push) begin
                    locked <= 1'b1;
                end else if (coin) begin
                    refund <= 1'b1;
                end else if (push) begin
                    alarm <= 1'b1;
                end else begin
                    locked <= 1'b0;
                end
            end
            1'b1: begin
                if (coin && push) begin
                    locked <= 1'b1;
                end else if (coin) begin
                    refund <= 1'b1;
                end else if (push) begin
                    alarm <= 1'b1;
                end else begin
                    locked <= 1'b0;
                end
            end
        endcase
    end
end

// Mealy output: combinational on the current state and inputs
always @(posedge clk or posedge reset) begin
    if (reset) begin
        alarm <= 1'b0;
        refund <= 1'b0;
    end else begin
        case (locked)
            1'b0: begin
                if (coin && push) begin
                    alarm <= 1'b0;
                    refund <= 1'b0;
                end
            end
            1'b1: begin
                if (coin && push) begin
                    alarm <= 1'b1;
                    refund <= 1'b0;
                end
            end
        endcase
    end
end

endmodule
