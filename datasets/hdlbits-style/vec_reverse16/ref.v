module top_module (
    input  [15:0] din,
    output [15:0] bit_rev,
    output [15:0] nib_rev
);
    genvar i;
    generate
        for (i = 0; i < 16; i = i + 1) begin : g_rev
            assign bit_rev[i] = din[15 - i];
        end
    endgenerate

    assign nib_rev = {din[3:0], din[7:4], din[11:8], din[15:12]};
endmodule
