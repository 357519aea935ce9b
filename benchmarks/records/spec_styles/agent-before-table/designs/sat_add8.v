module top_module (
    input clk,
    input [7:0] a,
    input [7:0] b,
    input signed_mode,
    output reg [7:0] y,
    output reg sat
);

always @(posedge clk) begin
    if (signed_mode) begin
        if (a + b > 127) begin
            y <= 8'h7F;
            sat <= 1;
        end else if (a + b < -128) begin
            y <= 8'h80;
            sat <= 1;
        end else begin
            y <= a + b;
            sat <= 0;
        end
    end else begin
        if (a + b > 255) begin
            y <= 255;
            sat <= 1;
        end else if (a + b < 0) begin
            y <= 0;
            sat <= 1;
        end else begin
            y <= a + b;
            sat <= 0;
        end
    end
end

endmodule
