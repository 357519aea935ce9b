module top_module (
    input  [7:0] data,
    output       even_bit,
    output       odd_bit,
    output       all_zero,
    output       all_one
);
    assign even_bit = ^data;
    assign odd_bit  = ~^data;
    assign all_zero = ~|data;
    assign all_one  = &data;
endmodule
