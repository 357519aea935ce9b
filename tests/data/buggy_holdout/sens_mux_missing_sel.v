// expect: line=9 category=missing-sensitivity
// 2-to-1 mux with an incomplete sensitivity list
module mux2 (
    input  wire [3:0] a,
    input  wire [3:0] b,
    input  wire       sel,
    output reg  [3:0] y
);
    always @(a or b) begin
        if (sel)
            y = b;
        else
            y = a;
    end
endmodule
