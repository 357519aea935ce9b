module top_module (
    input  [3:0] a,
    input  [3:0] b,
    output [7:0] product
);
    // Shift-and-add of the four partial products.
    wire [7:0] pp0 = b[0] ? {4'd0, a}       : 8'd0;
    wire [7:0] pp1 = b[1] ? {3'd0, a, 1'b0} : 8'd0;
    wire [7:0] pp2 = b[2] ? {2'd0, a, 2'b0} : 8'd0;
    wire [7:0] pp3 = b[3] ? {1'd0, a, 3'b0} : 8'd0;

    assign product = pp0 + pp1 + pp2 + pp3;
endmodule
