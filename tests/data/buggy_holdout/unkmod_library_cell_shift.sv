// expect: line=12 category=unknown-module
// 4-stage shift register built from D flip-flop cells
module shift4 (
    input  logic clk,
    input  logic d,
    output logic q
);
    logic [4:0] tap;
    assign tap[0] = d;

    for (genvar i = 0; i < 4; i++) begin : g_stage
        DFF_X1 u_ff (.CK(clk), .D(tap[i]), .Q(tap[i+1]));
    end

    assign q = tap[4];
endmodule
