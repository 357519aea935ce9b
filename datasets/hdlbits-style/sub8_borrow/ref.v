module top_module (
    input  [7:0] x,
    input  [7:0] y,
    output [7:0] diff,
    output       borrow
);
    wire [8:0] wide = {1'b0, x} - {1'b0, y};

    assign diff   = wide[7:0];
    assign borrow = wide[8];
endmodule
