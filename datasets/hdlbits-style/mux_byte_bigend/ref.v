module top_module (
    input  [127:0] data,
    input  [3:0]   idx,
    output [7:0]   out
);
    // Byte k (big-endian) starts at bit 8*(15-k); 15-k is the bitwise inverse of a 4-bit k.
    wire [3:0] slot = ~idx;

    assign out = data[{slot, 3'b000} +: 8];
endmodule
