module top_module (
    input  [7:0] bin,
    output [7:0] gray
);
    assign gray = bin ^ {1'b0, bin[7:1]};
endmodule
