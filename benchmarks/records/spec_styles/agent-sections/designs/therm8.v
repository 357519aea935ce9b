module top_module (
    input [3:0] level,
    output reg [7:0] therm,
    output over
);

assign over = level > 8 ? 1 : 0;

always @(*) begin
    if (level == 0) begin
        therm = 8'b0000_0000;
    end else if (level == 1) begin
        therm = 8'b0000_0001;
    end else if (level == 2) begin
        therm = 8'b0000_0011;
    end else if (level == 3) begin
        therm = 8'b0000_0111;
    end else if (level == 4) begin
        therm = 8'b0000_1111;
    end else if (level == 5) begin
        therm = 8'b0001_1111;
    end else if (level == 6) begin
        therm = 8'b0011_1111;
    end else if (level == 7) begin
        therm = 8'b0111_1111;
    end else if (level == 8) begin
        therm = 8'b1111_1111;
    end else begin
        therm = 8'b1111_1111;
    end
end

endmodule
