module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    output reg [7:0] rise
);

    // Register to hold the previous value of sig
    reg [7:0] prev;

    // Register to hold the rising-edge pulses

    // Initial block to reset the registers
    initial begin
        prev = 8'b00000000;
        rise = 8'b00000000;
    end

    // Always block to update the registers
    always @(posedge clk) begin
        if (reset) begin
            rise <= 8'b00000000;
        end else begin
            if (sig[0] && !prev[0]) begin
                rise <= rise + 1'b1;
            end
            prev <= sig;
        end
    end

endmodule
