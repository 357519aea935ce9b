module top_module (
    input  [11:0] value,
    input         signed_mode,
    output [31:0] wide,
    output [31:0] splat
);
    wire fill = signed_mode & value[11];

    assign wide  = {{20{fill}}, value};
    assign splat = {8{value[3:0]}};
endmodule
