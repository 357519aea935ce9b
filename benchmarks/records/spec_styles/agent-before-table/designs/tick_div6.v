module top_module (
    input clk,
    input reset,
    input run,
    output reg tick
);

reg [1:0] phase;
reg [1:0] phase_next;

always @(posedge clk) begin
    if (reset) begin
        phase <= 2'b00;
        phase_next <= 2'b00;
    end else begin
        if (run) begin
            phase_next <= phase + 1'b1;
            if (phase_next == 2'b01) phase_next <= 2'b00;
        end else begin
            phase_next <= phase;
        end
    end
    tick <= (phase == 2'b01 && run);
end

endmodule
