// expect: line=19 category=width-mismatch
// Byte register fed through a narrow wire
module byte_reg (
    input  wire       clk,
    input  wire [7:0] d,
    output reg  [7:0] q
);
    always @(posedge clk)
        q <= d;
endmodule

module byte_top (
    input  wire       clk,
    input  wire [7:0] din,
    output wire [7:0] dout
);
    wire [3:0] bus;
    assign bus = din[3:0];
    byte_reg u_reg (.clk(clk), .d(bus), .q(dout));
endmodule
