module top_module (
    input  x,
    input  y,
    input  z,
    output maj,
    output unanimous
);
    assign maj       = (x & y) | (y & z) | (x & z);
    assign unanimous = (x & y & z) | ~(x | y | z);
endmodule
