module top_module (
    input clk,
    input [7:0] x,
    output reg [7:0] diff,
    output reg borrow
);

always @(posedge clk) begin
    // Calculate the difference and borrow
    diff <= (x >= y) ? (x - y) : (256 - (x - y));
    borrow <= (x < y);
end

endmodule
