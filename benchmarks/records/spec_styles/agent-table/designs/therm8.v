module top_module (
    input [3:0] level,
    output reg [7:0] therm,
    output reg over
);

    always @(*) begin
        if (level == 0) begin
            therm = 8'b0000_0000;
            over = 0;
        end else if (level <= 8) begin
            therm = 8'b0000_0000 | (1 << level);
            over = 0;
        end else begin
            therm = 8'b1111_1111;
            over = 1;
        end
    end

endmodule
