// expect: line=16 category=port-mismatch
// Parity generator wrapper
module parity8 (
    input  wire [7:0] data,
    output wire       parity
);
    assign parity = ^data;
endmodule

module parity_top (
    input  wire [7:0] data,
    input  wire       odd,
    output wire       par
);
    wire p;
    parity8 u_par (data, odd, p);
    assign par = p;
endmodule
