module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    output reg [7:0] rise
);

reg [7:0] prev;

always @(posedge clk) begin
    if (reset) begin
        rise <= 8'b0;
        prev <= 8'b0;
    end else begin
        if (sig[0] && !prev[0]) begin
            rise <= rise + 1'b1;
        end
        prev <= sig;
    end
end

endmodule
