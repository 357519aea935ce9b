module top_module (
    input signed_mode,
    input [11:0] value,
    output reg [31:0] wide,
    output reg [31:0] splat
);
    always @(*) begin
        wide = signed_mode ? (value << 12) | (value << 24) | (value << 36) | (value << 48) | (value << 60) | (value << 72) | (value << 84) | (value << 96) : (value << 12) | (value << 24) | (value << 36) | (value << 48) | (value << 60) | (value << 72) | (value << 84) | (value << 96);
        splat = value[3:0] << 28 | value[3:0] << 32 | value[3:0] << 36 | value[3:0] << 40 | value[3:0] << 44 | value[3:0] << 48 | value[3:0] << 52;
    end
endmodule
