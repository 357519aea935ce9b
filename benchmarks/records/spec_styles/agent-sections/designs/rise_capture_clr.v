module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    input [7:0] clr,
    output reg [7:0] flags
);

always @(posedge clk) begin
    flags <= (flags | clr) ^ sig;
end

endmodule
