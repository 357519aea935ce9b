module top_module (
    input clk,
    input [2:0] a,
    input [2:0] b,
    input [2:0] c,
    input [2:0] d,
    output reg [2:0] f
);

always @(posedge clk) begin
    case (a, b, c)
        3'b000: f <= 3'b000;
        3'b001: f <= 3'b001;
        3'b010: f <= d;
        3'b011: f <= ~d;
        3'b100: f <= 3'b001;
        3'b101: f <= d;
        3'b110: f <= 3'b000;
        3'b111: f <= ~d;
    endcase
end

endmodule
