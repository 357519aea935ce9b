module top_module (
    input clk,
    input [3:0] level,
    output reg [7:0] thermometer,
    output reg over
);

always @(posedge clk) begin
    if (level == 0) begin
        thermometer <= 8'b0000_0000;
        over <= 0;
    end else if (level <= 8) begin
        thermometer <= level;
        over <= 0;
    end else begin
        thermometer <= 8'b1111_1111;
        over <= 1;
    end
end

endmodule
