module top_module (
    input  [2:0] code,
    input        en,
    output [7:0] y_n
);
    wire [7:0] onehot = 8'b0000_0001 << code;

    assign y_n = en ? ~onehot : 8'hFF;
endmodule
