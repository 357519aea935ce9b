module top_module (
    input clk,
    input [7:0] a,
    input [7:0] b,
    input signed_mode,
    output reg [7:0] y,
    output reg sat
);

always @(posedge clk) begin
    if (signed_mode == 0) begin
        y <= a + b;
        sat <= (y > 255);
    end else begin
        y <= a + b;
        sat <= (y > 127 || y < -128);
    end
end

endmodule
