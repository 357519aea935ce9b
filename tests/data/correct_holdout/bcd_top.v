// Two-digit BCD counter built from a reusable digit module
module bcd_digit (
    input  wire       clk,
    input  wire       rst,
    input  wire       inc,
    output reg  [3:0] d,
    output wire       carry
);
    assign carry = inc && (d == 4'd9);

    always @(posedge clk) begin
        if (rst)
            d <= 4'd0;
        else if (inc)
            d <= (d == 4'd9) ? 4'd0 : d + 4'd1;
    end
endmodule

module bcd_top (
    input  wire       clk,
    input  wire       rst,
    input  wire       inc,
    output wire [7:0] bcd,
    output wire       overflow
);
    wire c0;

    bcd_digit u_ones (.clk(clk), .rst(rst), .inc(inc), .d(bcd[3:0]), .carry(c0));
    bcd_digit u_tens (.clk(clk), .rst(rst), .inc(c0),  .d(bcd[7:4]), .carry(overflow));
endmodule
