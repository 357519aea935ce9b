module top_module (
    input clk,
    input [7:0] bits,
    output reg [3:0] ones,
    output reg over_half
);

always @(posedge clk) begin
    ones <= 4'b0;
    over_half <= 1'b0;

    for (int i = 0; i < 8; i++) begin
        ones[i] <= bits[i];
    end

    over_half <= ones[3] || ones[2] || ones[1] || ones[0];
end

endmodule
