// expect: line=8 category=latch-inferred
// Clock-gate-like enable mux without an else branch
module en_mux (
    input  wire       en,
    input  wire [7:0] d,
    output reg  [7:0] q
);
    always @(*) begin
        if (en)
            q = d;
    end
endmodule
