module top_module (
    input [7:0] d0,
    input [7:0] d1,
    input [7:0] d2,
    input [7:0] d3,
    input [3:0] sel,
    output [7:0] out
);

assign out = (sel[0] ? d0 : 8'b0) | (sel[1] ? d1 : 8'b0) | (sel[2] ? d2 : 8'b0) | (sel[3] ? d3 : 8'b0);

endmodule
