module top_module (
    input      [3:0] digit,
    input            blank,
    output reg [6:0] seg_n
);
    // seg_n = {g, f, e, d, c, b, a}, a 0 lights the segment
    always @* begin
        case (digit)
            4'h0: seg_n = 7'b1000000;  // abcdef
            4'h1: seg_n = 7'b1111001;  // bc
            4'h2: seg_n = 7'b0100100;  // abdeg
            4'h3: seg_n = 7'b0110000;  // abcdg
            4'h4: seg_n = 7'b0011001;  // bcfg
            4'h5: seg_n = 7'b0010010;  // acdfg
            4'h6: seg_n = 7'b0000010;  // acdefg
            4'h7: seg_n = 7'b1111000;  // abc
            4'h8: seg_n = 7'b0000000;  // abcdefg
            4'h9: seg_n = 7'b0010000;  // abcdfg
            4'hA: seg_n = 7'b0001000;  // abcefg
            4'hB: seg_n = 7'b0000011;  // cdefg
            4'hC: seg_n = 7'b1000110;  // adef
            4'hD: seg_n = 7'b0100001;  // bcdeg
            4'hE: seg_n = 7'b0000110;  // adefg
            4'hF: seg_n = 7'b0001110;  // aefg
            default: seg_n = 7'b1111111;
        endcase
        if (blank)
            seg_n = 7'b1111111;
    end
endmodule
