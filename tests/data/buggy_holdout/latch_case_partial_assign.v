// expect: line=8 category=latch-inferred
// Instruction decoder where one branch forgets an output
module decode (
    input  wire [1:0] opcode,
    output reg        reg_write,
    output reg        mem_read
);
    always @* begin
        case (opcode)
            2'b00: begin reg_write = 1'b1; mem_read = 1'b0; end
            2'b01: begin reg_write = 1'b1; mem_read = 1'b1; end
            2'b10: begin reg_write = 1'b0; end
            default: begin reg_write = 1'b0; mem_read = 1'b0; end
        endcase
    end
endmodule
