module top_module (
    input clk,
    input [7:0] a,
    output reg [7:0] y,
    input [15:0] c,
    input in_valid
);

    // Stage 1 registers
    reg [7:0] a1, b1, c1, v1;
    always @(posedge clk) begin
        a1 <= a;
        b1 <= b;
        c1 <= c;
        v1 <= in_valid;
    end

    // Stage 2 registers
    reg [15:0] p2, c2;
    always @(posedge clk) begin
        p2 <= a1 * b1;
        c2 <= c1;
    end

    // Stage 3 registers
    reg out_valid;
    always @(posedge clk) begin
        y <= p2 + c2;
        out_valid <= v1;
    end

endmodule
