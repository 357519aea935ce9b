module top_module (
    input  [7:0] bits,
    output [3:0] ones,
    output       over_half
);
    // Add pairs, then pairs of pairs (a small adder tree).
    wire [1:0] s01 = {1'b0, bits[0]} + {1'b0, bits[1]};
    wire [1:0] s23 = {1'b0, bits[2]} + {1'b0, bits[3]};
    wire [1:0] s45 = {1'b0, bits[4]} + {1'b0, bits[5]};
    wire [1:0] s67 = {1'b0, bits[6]} + {1'b0, bits[7]};
    wire [2:0] lo  = {1'b0, s01} + {1'b0, s23};
    wire [2:0] hi  = {1'b0, s45} + {1'b0, s67};

    assign ones      = {1'b0, lo} + {1'b0, hi};
    assign over_half = (ones > 4'd4);
endmodule
