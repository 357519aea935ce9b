module top_module (
    input a,
    input b,
    input c,
    input d,
    output reg f
);

    // Mapping the function f according to the given Karnaugh map
    always @(a, b, c, d) begin
        case (a)
            2'b00: f = 1'b0;
            2'b01: f = 1'b1;
            2'b10: f = d;
            2'b11: f = ~d;
            default: f = 1'b0; // Default case, though not required in this case
        endcase
    end

endmodule
