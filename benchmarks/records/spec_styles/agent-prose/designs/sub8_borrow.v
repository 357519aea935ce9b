module top_module (
    input [7:0] x,
    input [7:0] y,
    output [7:0] diff,
    output borrow
);
    assign borrow = (y > x);
    assign diff = x - y;
endmodule
