module top_module (
    input      [3:0] w,
    input      [3:0] x,
    input      [3:0] y,
    input      [3:0] z,
    input      [1:0] sel,
    output reg [3:0] out
);
    always @* begin
        case (sel)
            2'd0:    out = w;
            2'd1:    out = x;
            2'd2:    out = y;
            default: out = z;
        endcase
    end
endmodule
