module top_module (
    input clk,
    input [7:0] d0,
    input [7:0] d1,
    input [7:0] d2,
    input [7:0] d3,
    input [3:0] sel,
    output reg [7:0] out
);

always @(posedge clk) begin
    out <= d0 & sel[0] | d1 & sel[1] | d2 & sel[2] | d3 & sel[3];
end

endmodule
