module top_module (
    input [7:0] bits,
    output reg [3:0] ones,
    output reg over_half
);

    // Count the number of 1 bits in the byte
    always @(*) begin
        ones = 4'b0;
        for (int i = 0; i < 8; i++) begin
            ones[i] = bits[i] == 1'b1;
        end
    end

    // Flag when more than half of the bits are set
    always @(*) begin
        over_half = ones[3] == 1'b1;
    end

endmodule
