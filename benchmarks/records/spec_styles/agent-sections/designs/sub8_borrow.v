module top_module (
    input [7:0] x,
    input [7:0] y,
    output [7:0] diff,
    output borrow
);

    // Assign the difference
    assign diff = (x + ~y + 1) & 255;

    // Determine the borrow
    assign borrow = y > x;

endmodule
