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

    reg a1, b1, c1, v1;
    reg [15:0] p2, c2, y1;
    reg out_valid1;

    always @(posedge clk or posedge reset) begin
        if (reset) begin
            a1 <= 8'h00;
            b1 <= 8'h00;
            c1 <= 16'h00;
            v1 <= 1'b0;
            p2 <= 16'h00;
            c2 <= 16'h00;
            y1 <= 16'h00;
            out_valid1 <= 1'b0;
        end else begin
            a1 <= a;
            b1 <= b;
            c1 <= c;
            v1 <= v1;
            p2 <= a1 * b1;
            c2 <= c1;
            y1 <= p2 + c2;
            out_valid1 <= v1;
        end
    end

    always @(*) begin
        y <= y1;
        out_valid <= out_valid1;
    end
endmodule
