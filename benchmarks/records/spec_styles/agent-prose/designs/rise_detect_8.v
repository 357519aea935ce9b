module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    output reg [7:0] rise
);

reg [7:0] prev = 0;

always @(posedge clk or posedge reset) begin
    if (reset) begin
        rise = 0;
    end else begin
        if (sig != prev) begin
            for (int i = 0; i < 8; i++) begin
                if (sig[i] && !prev[i]) begin
                    rise[i] <= 1;
                end else begin
                    rise[i] <= 0;
                end
            end
        end else begin
            for (int i = 0; i < 8; i++) begin
                rise[i] <= 0;
            end
        end
        prev = sig;
    end
end

endmodule
