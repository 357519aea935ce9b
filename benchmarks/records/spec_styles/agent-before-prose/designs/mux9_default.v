module top_module (
    input clk,
    input [7:0] a,
    output reg [7:0] out
);

always @(posedge clk) begin
    case (sel)
        0: out <= a;
        1: out <= b;
        2: out <= c;
        3: out <= d;
        4: out <= e;
        5: out <= f;
        6: out <= g;
        7: out <= h;
        8: out <= i;
        default: out <= 8'h3C;
    endcase
end

endmodule
