module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    input [7:0] clr,
    output reg [7:0] flags
);

always @(posedge clk or posedge reset) begin
    if (reset) begin
        flags <= 8'h00;
    end else begin
        flags <= {flags[6:0], sig[7] ^ (flags[7] & clr[7])};
    end
end

endmodule
