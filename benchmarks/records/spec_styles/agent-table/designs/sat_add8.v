module top_module (
    input [7:0] a,
    input [7:0] b,
    input signed_mode,
    output reg [7:0] y,
    output reg sat
);

    localparam WIDTH = 8;
    localparam MAX_VALUE = 255;
    localparam MIN_VALUE = -128;
    localparam CLAMP_THRESHOLD = 127;

    always @(*) begin
        if (signed_mode) begin
            // Signed mode: perform two's complement addition
            y = a + b;
            sat = (y > MAX_VALUE) || (y < MIN_VALUE) ? 1 : 0;
        end else begin
            // Unsigned mode: perform unsigned addition
            y = a + b;
            sat = (y > MAX_VALUE) ? 1 : 0;
        end
    end

endmodule
