module top_module (
    input [7:0] a,
    input [7:0] b,
    input signed_mode,
    output reg [7:0] y,
    output reg sat
);
    localparam WIDTH = 8;

    always @(*) begin
        if (signed_mode == 0) begin
            y = a + b;
            sat = 0;
        end else begin
            int sum = a + b;
            y = sum;
            sat = (sum < 0) | (sum > WIDTH - 1);
        end
    end
endmodule
