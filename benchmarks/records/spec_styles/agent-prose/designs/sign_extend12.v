module top_module (
    input [11:0] value,
    input signed_mode,
    output reg [31:0] wide,
    output reg [31:0] splat
);
    always @(*) begin
        if (signed_mode) begin
            wide[31:12] = value[11];
            wide[11:0] = value;
        end else begin
            wide[31:12] = '0;
            wide[11:0] = value;
        end
        splat[31:28] = value[3:0];
        splat[27:24] = value[3:0];
        splat[23:20] = value[3:0];
        splat[19:16] = value[3:0];
        splat[15:12] = value[3:0];
        splat[11:8] = value[3:0];
        splat[7:4] = value[3:0];
        splat[3:0] = value[3:0];
    end
endmodule
