module top_module (
    input clk,
    input [7:0] sig,
    output reg [7:0] rise
);

    // History register to sample sig at every rising edge
    reg [7:0] prev;

    // Register to hold the one-cycle rising-edge pulses
    reg [7:0] rise_reg;

    // Reset signal
    reg reset;

    // Initial block to set reset to 1
    initial begin
        reset <= 1'b1;
    end

    // Always block to update the history register and the one-cycle rising-edge pulses
    always @(posedge clk) begin
        if (reset) begin
            rise_reg <= 8'b0;
            prev <= 8'b0;
        end else begin
            prev <= sig;
            if (sig[0] && !prev[0]) begin
                rise_reg <= rise_reg + 1'b1;
            end
        end
    end

    // Assign the one-cycle rising-edge pulses to the output
    assign rise = rise_reg;

endmodule
