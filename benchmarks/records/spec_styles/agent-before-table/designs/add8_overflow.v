module top_module (
    input clk,
    input [7:0] a,
    input [7:0] b,
    output reg [7:0] s,
    output reg carry,
    output reg overflow
);

    // Combinational logic
    always @(*) begin
        s = (a + b) % 256;
        carry = (a + b) >= 256;
        overflow = (a ^ b) & (s ^ (a + b));
    end

endmodule
