module top_module (
    input clk,
    input [7:0] sig,
    input [7:0] clr,
    output reg [7:0] flags
);

    // History register to sample sig at every rising edge
    reg [7:0] prev;

    // Sticky register to remember rising edges

    // Reset signal
    reg reset;

    // Initial block to set reset to 1
    initial begin
        reset <= 1'b1;
    end

    // Always block to update flags on rising edge
    always @(posedge clk) begin
        if (reset) begin
            flags <= 8'b00;
            prev <= 8'b00;
        end else begin
            for (int i = 0; i < 8; i++) begin
                if (sig[i] == 1 && prev[i] == 0) begin
                    flags[i] <= 1'b1;
                end else if (clr[i] == 1) begin
                    flags[i] <= 1'b0;
                end else begin
                    flags[i] <= flags[i];
                end
            end
            prev <= sig;
        end
    end

endmodule
