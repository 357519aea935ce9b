module top_module (
    input [3:0] digit,
    output prime,
    output mult3,
    output invalid
);

    assign prime = (digit == 2 || digit == 3 || digit == 5 || digit == 7);
    assign mult3 = (digit == 0 || digit == 3 || digit == 6 || digit == 9);
    assign invalid = (digit >= 10);

endmodule
