module top_module (
    input [7:0] d0,
    input [7:0] d1,
    input [7:0] d2,
    input [7:0] d3,
    input [3:0] sel,
    output reg [7:0] out
);
    always @(*) begin
        out = (sel[0] ? d0 : 0) | (sel[1] ? d1 : 0) | (sel[2] ? d2 : 0) | (sel[3] ? d3 : 0);
    end
endmodule
