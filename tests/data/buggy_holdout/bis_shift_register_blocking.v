// expect: line=10 category=blocking-in-sequential
// 3-stage shift register written with blocking assignments
module shreg3 (
    input  wire clk,
    input  wire d,
    output wire q
);
    reg s0, s1, s2;
    always @(posedge clk) begin
        s0 = d;
        s1 = s0;
        s2 = s1;
    end
    assign q = s2;
endmodule
