module top_module (
    input [3:0] level,
    output reg [7:0] therm,
    output reg over
);

always @(*) begin
    over = level > 8;
    therm = level << 4;
end

endmodule
