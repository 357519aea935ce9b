module top_module (
    input clk,
    input [2:0] code,
    input en,
    output reg [7:0] y
);

always @(posedge clk) begin
    if (en) begin
        case (code)
            3'b000: y <= 8'b1111_1111;
            3'b001: y <= 8'b1111_1110;
            3'b010: y <= 8'b1111_1101;
            3'b011: y <= 8'b1111_1100;
            3'b100: y <= 8'b1111_1011;
            3'b101: y <= 8'b1111_1010;
            3'b110: y <= 8'b1111_1001;
            3'b111: y <= 8'b1111_1000;
            default: y <= 8'hFF;
        endcase
    end else begin
        y <= 8'hFF;
    end
end

endmodule
