module top_module (
    input [7:0] bits,
    output [3:0] ones,
    output over_half
);
    // Count the number of ones in bits
    assign ones = bits[0] + bits[1] + bits[2] + bits[3] + bits[4] +
                     bits[5] + bits[6] + bits[7];

    // Flag when more than half of the bits are set
    assign over_half = ones >= 5;

endmodule
