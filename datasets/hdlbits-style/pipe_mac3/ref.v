module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] a,
    input [7:0] b,
    input [15:0] c,
    output reg [16:0] y,
    output reg out_valid
);
    reg [7:0] a1, b1;
    reg [15:0] c1, c2, p2;
    reg v1, v2;

    always @(posedge clk) begin
        if (reset) begin
            a1 <= 8'd0; b1 <= 8'd0; c1 <= 16'd0; v1 <= 1'b0;
            p2 <= 16'd0; c2 <= 16'd0; v2 <= 1'b0;
            y <= 17'd0; out_valid <= 1'b0;
        end else begin
            a1 <= a; b1 <= b; c1 <= c; v1 <= in_valid;
            p2 <= a1 * b1; c2 <= c1; v2 <= v1;
            y <= {1'b0, p2} + {1'b0, c2}; out_valid <= v2;
        end
    end
endmodule
