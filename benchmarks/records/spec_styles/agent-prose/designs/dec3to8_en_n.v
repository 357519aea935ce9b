module top_module (
    input [2:0] code,
    input en,
    output [7:0] y_n
);
    assign y_n[7] = en & code[7];
    assign y_n[6] = en & code[6];
    assign y_n[5] = en & code[5];
    assign y_n[4] = en & code[4];
    assign y_n[3] = en & code[3];
    assign y_n[2] = en & code[2];
    assign y_n[1] = en & code[1];
    assign y_n[0] = en & code[0];
endmodule
