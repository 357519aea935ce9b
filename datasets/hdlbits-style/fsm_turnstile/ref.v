module top_module (
    input clk,
    input reset,
    input coin,
    input push,
    output locked,
    output alarm,
    output refund
);
    reg unlocked;

    always @(posedge clk) begin
        if (reset)
            unlocked <= 1'b0;
        else if (!unlocked)
            unlocked <= coin;
        else
            unlocked <= coin | ~push;
    end

    assign locked = ~unlocked;
    assign alarm = ~unlocked & push & ~coin;
    assign refund = unlocked & coin & ~push;
endmodule
