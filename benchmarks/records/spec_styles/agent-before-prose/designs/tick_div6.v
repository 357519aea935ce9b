module top_module (
    input clk,
    input reset,
    input run,
    output reg tick
);

    // Phase counter
    reg [5:0] phase;

    // Clock enable pulse
    always @(posedge clk) begin
        if (reset) begin
            phase <= 0;
            tick <= 0;
        end else if (run) begin
            phase <= phase + 1;
            if (phase == 5) begin
                tick <= 1;
            end else begin
                tick <= 0;
            end
        end else begin
            tick <= 0;
        end
    end

endmodule
