module top_module (
    input clk,
    input [11:0] value,
    input signed_mode,
    output reg [31:0] wide,
    output reg [3:0] splat
);

always @(posedge clk) begin
    wide <= (signed_mode == 1) ? (value << 12) | (value[11] << 12) : (value << 12);
    splat <= value[3:0] << 28;
end

endmodule
