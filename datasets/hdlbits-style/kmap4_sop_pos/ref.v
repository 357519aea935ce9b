module top_module (
    input  w,
    input  x,
    input  y,
    input  z,
    output f,
    output g
);
    // Bit n of each table is the function value for minterm n = {w, x, y, z}.
    localparam [15:0] F_TABLE = 16'b1100010110100011;
    localparam [15:0] G_TABLE = 16'b0110011111100110;

    wire [3:0] n = {w, x, y, z};

    assign f = F_TABLE[n];
    assign g = G_TABLE[n];
endmodule
