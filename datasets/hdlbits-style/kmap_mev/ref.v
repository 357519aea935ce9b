module top_module (
    input      a,
    input      b,
    input      c,
    input      d,
    output reg f
);
    always @* begin
        case ({a, b, c})
            3'b000:  f = 1'b0;
            3'b001:  f = 1'b1;
            3'b010:  f = d;
            3'b011:  f = ~d;
            3'b100:  f = 1'b1;
            3'b101:  f = d;
            3'b110:  f = 1'b0;
            default: f = ~d;
        endcase
    end
endmodule
