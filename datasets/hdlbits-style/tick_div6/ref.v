module top_module (
    input clk,
    input reset,
    input run,
    output tick
);
    reg [2:0] phase;

    always @(posedge clk) begin
        if (reset)
            phase <= 3'd0;
        else if (run)
            phase <= (phase == 3'd5) ? 3'd0 : phase + 3'd1;
    end

    assign tick = run & (phase == 3'd5);
endmodule
