module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    input [7:0] clr,
    output reg [7:0] flags
);

    // History register
    reg [7:0] prev;

    // Sticky register

    // Initial reset
    always @(posedge clk) begin
        if (reset) begin
            flags <= 8'h00;
            prev <= 8'h00;
        end else begin
            flags <= prev;
            prev <= sig;
        end
    end

    // Rising-edge capture with per-bit clear
    always @(posedge clk) begin
        for (int i = 0; i < 8; i++) begin
            if (sig[i] == 1 && prev[i] == 0) begin
                flags[i] <= 1;
            end else if (clr[i] == 1) begin
                flags[i] <= 0;
            end else begin
                flags[i] <= flags[i];
            end
        end
    end

endmodule
