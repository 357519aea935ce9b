module top_module (
    input clk,
    input reset,
    input run,
    output reg tick
);

// Hidden phase counter
reg [4:0] phase;

// Initialize phase counter on reset
always @(posedge clk) begin
    if (reset) begin
        phase <= 5'b0;
    end
    else if (run) begin
        phase <= phase + 1'b1;
    end
    else begin
        phase <= phase;
    end
end

// Output one-cycle enable pulse when phase is 5 and run is 1
always @(posedge clk) begin
    if (phase == 5'b10000) begin
        tick <= 1'b1;
    end
    else begin
        tick <= 1'b0;
    end
end

endmodule
