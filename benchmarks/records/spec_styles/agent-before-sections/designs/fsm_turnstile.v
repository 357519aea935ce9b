module top_module (
    input clk,
    input reset,
    input coin,
    input push,
    output reg locked,
    output reg alarm,
    output reg refund
);

reg LOCKED = 0; // Declare LOCKED as a wire or reg
reg UNLOCKED = 1; // Declare UNLOCKED as a wire or reg

always @(posedge clk) begin
    if (!reset) begin
        locked <= LOCKED;
        alarm <= 0;
        refund <= 0;
    end else begin
        case (locked)
            LOCKED: begin
                if (coin && push) begin
                    locked <= UNLOCKED;
                    alarm <= 0;
                    refund <= 0;
                end else if (coin) begin
                    locked <= LOCKED;
                    alarm <= 0;
                    refund <= 1;
                end else if (push) begin
                    locked <= LOCKED;
                    alarm <= 1;
                    refund <= 0;
                end else begin
                    locked <= LOCKED;
                    alarm <= 0;
                    refund <= 0;
                end
            end
            UNLOCKED: begin
                if (coin && push) begin
                    locked <= LOCKED;
                    alarm <= 0;
                    refund <= 0;
                end else if (coin) begin
                    locked <= UNLOCKED;
                    alarm <= 0;
                    refund <= 1;
                end else if (push) begin
                    locked <= UNLOCKED;
                    alarm <= 1;
                    refund <= 0;
                end else begin
                    locked <= UNLOCKED;
                    alarm <= 0;
                    refund <= 0;
                end
            end
        endcase
    end
end

always @(posedge clk) begin
    alarm <= (locked && !coin && !push);
    refund <= (locked && coin && !push);
end

endmodule
