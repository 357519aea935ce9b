module top_module (
    input clk,
    input [7:0] a,
    output reg [7:0] s,
    output reg carry,
    output reg overflow
);

    // Unsigned carry
    always @(posedge clk) begin
        carry <= (a + b) > 8'b11111111;
    end

    // Two's-complement overflow
    always @(posedge clk) begin
        overflow <= (a ^ b) & (a + b) > 8'b11111111;
    end

    // Sum
    always @(posedge clk) begin
        s <= (a + b) & 8'b11111111;
    end

endmodule
