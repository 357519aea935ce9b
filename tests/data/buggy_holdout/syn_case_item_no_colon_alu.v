// expect: line=13 category=syntax
// Small 4-operation ALU
module alu4 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire [1:0] op,
    output reg  [7:0] y
);
    always @(*) begin
        case (op)
            2'b00: y = a + b;
            2'b01: y = a - b;
            2'b10  y = a & b;
            default: y = a | b;
        endcase
    end
endmodule
