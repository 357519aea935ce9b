module top_module (
    input  [7:0] a,
    input  [7:0] b,
    input        is_signed,
    output       lt,
    output       eq,
    output       gt
);
    // Flipping both sign bits maps two's-complement order onto unsigned order.
    wire [7:0] ka = {a[7] ^ is_signed, a[6:0]};
    wire [7:0] kb = {b[7] ^ is_signed, b[6:0]};

    assign lt = (ka < kb);
    assign eq = (a == b);
    assign gt = (ka > kb);
endmodule
