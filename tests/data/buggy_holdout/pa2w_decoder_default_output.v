// expect: line=9 category=procedural-assign-to-wire
// 2-to-4 decoder with enable, output not declared reg
module dec2to4 (
    input  wire [1:0] a,
    input  wire       en,
    output [3:0]      y
);
    always @(*) begin
        y = 4'b0000;
        if (en)
            y[a] = 1'b1;
    end
endmodule
