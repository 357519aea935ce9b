module top_module (
    input signed [11:0] value,
    input signed signed_mode,
    output reg [31:0] wide,
    output reg [31:0] splat
);
    always @(*) begin
        wide = signed_mode ? (value << 12) | (value << 24) | (value << 36) | (value << 48) | (value << 60) | (value << 72) | (value << 84) | (value << 96) : (value << 12) | (value << 24) | (value << 36) | (value << 48) | (value << 60) | (value << 72) | (value << 84) | (value << 96);
        splat = value[3:0] << 24 | value[3:0] << 16 | value[3:0] << 8 | value[3:0];
    end
endmodule
