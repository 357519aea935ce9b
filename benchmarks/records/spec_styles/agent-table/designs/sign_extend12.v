module top_module (
    input [11:0] value,
    input signed_mode,
    output [31:0] wide,
    output [31:0] splat
);
    assign wide = signed_mode ? value << 12 : value << 12 | (value << 12) << 12;
    assign splat = value << 12 | (value << 12) << 12;
endmodule
