module top_module (
    input  [3:0] tens,
    input  [3:0] ones,
    output [6:0] value
);
    // 10*t = 8*t + 2*t
    wire [6:0] t8 = {tens, 3'b000};
    wire [6:0] t2 = {2'b00, tens, 1'b0};

    assign value = t8 + t2 + {3'b000, ones};
endmodule
