// expect: line=10 category=missing-sensitivity
// ALU with operand b left out of the sensitivity list
module alu_sens (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire [1:0] op,
    output reg  [7:0] y,
    output reg        zero
);
    always @(op or a) begin
        case (op)
            2'b00: y = a + b;
            2'b01: y = a - b;
            2'b10: y = a ^ b;
            default: y = a;
        endcase
        zero = (y == 8'd0);
    end
endmodule
