module top_module (
    input  [15:0] a,
    input  [15:0] b,
    input         sub,
    output [15:0] result,
    output        carry,
    output        ovf
);
    // Subtraction as a + ~b + 1.
    wire [15:0] b_eff = sub ? ~b : b;
    wire [16:0] total = {1'b0, a} + {1'b0, b_eff} + {16'd0, sub};

    assign result = total[15:0];
    assign carry  = total[16];
    assign ovf    = (a[15] == b_eff[15]) && (result[15] != a[15]);
endmodule
