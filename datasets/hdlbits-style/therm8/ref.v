module top_module (
    input  [3:0] level,
    output [7:0] therm,
    output       over
);
    assign over = (level > 4'd8);

    genvar k;
    generate
        for (k = 0; k < 8; k = k + 1) begin : g_bar
            // bar k is lit when level > k
            assign therm[k] = (level > k);
        end
    endgenerate
endmodule
