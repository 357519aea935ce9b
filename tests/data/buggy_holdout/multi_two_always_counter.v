// expect: line=13 category=multiple-drivers
// Counter whose reset lives in a separate always block
module split_counter (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    output reg  [3:0] q
);
    always @(posedge clk)
        if (rst) q <= 4'd0;

    always @(posedge clk)
        if (en) q <= q + 4'd1;
endmodule
