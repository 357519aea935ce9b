// 8-bit ALU with carry, zero and negative flags
module alu_flags (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire [2:0] op,
    output reg  [7:0] y,
    output reg        carry,
    output wire       zero,
    output wire       neg
);
    always @(*) begin
        carry = 1'b0;
        case (op)
            3'd0: {carry, y} = {1'b0, a} + {1'b0, b};
            3'd1: {carry, y} = {1'b0, a} - {1'b0, b};
            3'd2: y = a & b;
            3'd3: y = a | b;
            3'd4: y = a ^ b;
            3'd5: y = ~a;
            3'd6: {carry, y} = {a, 1'b0};
            default: y = {1'b0, a[7:1]};
        endcase
    end
    assign zero = (y == 8'd0);
    assign neg  = y[7];
endmodule
