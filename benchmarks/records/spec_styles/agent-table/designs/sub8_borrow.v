module top_module (
    input [7:0] x,
    input [7:0] y,
    output reg [7:0] diff,
    output reg borrow
);

    always @(*) begin
        // Calculate the difference
        diff = x - y;
        
        // Determine the borrow bit
        borrow = y > x;
    end

endmodule
