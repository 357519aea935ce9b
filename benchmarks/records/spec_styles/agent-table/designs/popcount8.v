module top_module (
    input [7:0] bits,
    output reg [3:0] ones,
    output reg over_half
);

always @(bits) begin
    ones = $countones(bits);
    over_half = ones >= 5 ? 1'b1 : 1'b0;
end

endmodule
