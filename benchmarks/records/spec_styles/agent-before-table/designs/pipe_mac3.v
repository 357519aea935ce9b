module top_module (
    input clk,
    input reset,
    input [1:0] in_valid,
    input [7:0] a,
    input [7:0] b,
    input [15:0] c,
    output reg [16:0] y,
    output reg out_valid
);

    // Stage 1 registers
    reg [7:0] a1;
    reg [7:0] b1;
    reg [15:0] c1;
    reg v1;

    // Stage 2 registers
    reg [15:0] p2;
    reg [15:0] c2;
    reg v2;

    // Stage 3 registers

    // Stage 1 always block
    always @(posedge clk) begin
        if (!reset) begin
            a1 <= 8'b0;
            b1 <= 8'b0;
            c1 <= 16'b0;
            v1 <= 1'b0;
        end else begin
            a1 <= a;
            b1 <= b;
            c1 <= c;
            v1 <= in_valid;
        end
    end

    // Stage 2 always block
    always @(posedge clk) begin
        if (!reset) begin
            p2 <= 16'b0;
            c2 <= 16'b0;
            v2 <= 1'b0;
        end else begin
            p2 <= a1 * b1;
            c2 <= c1;
            v2 <= v1;
        end
    end

    // Stage 3 always block
    always @(posedge clk) begin
        if (!reset) begin
            y <= 17'b0;
            out_valid <= 1'b0;
        end else begin
            y <= p2 + c2;
            out_valid <= v2;
        end
    end

endmodule
