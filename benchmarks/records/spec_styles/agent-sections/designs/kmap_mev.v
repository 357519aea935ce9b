module top_module (
    input a,
    input b,
    input c,
    input d,
    output reg f
);
    // Mapping of abc to d
    always @(*) begin
        case ({a, b, c})
            3'b000: f = 0; // abc = 000 -> f = 0
            3'b001: f = 1; // abc = 001 -> f = 1
            3'b010: f = d; // abc = 010 -> f = d
            3'b011: f = ~d; // abc = 011 -> f = ~d
            3'b100: f = 1; // abc = 100 -> f = 1
            3'b101: f = d; // abc = 101 -> f = d
            3'b110: f = 0; // abc = 110 -> f = 0
            3'b111: f = ~d; // abc = 111 -> f = ~d
        endcase
    end
endmodule
