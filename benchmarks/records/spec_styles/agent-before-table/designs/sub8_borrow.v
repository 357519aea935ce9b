module top_module (
    input clk,
    input [7:0] x,
    input [7:0] y,
    output reg [7:0] diff,
    output reg borrow
);

always @(posedge clk) begin
    diff <= (x - y) % 256;
    borrow <= (y > x);
end

endmodule
