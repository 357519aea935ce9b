module top_module (
    input  [7:0]  ev,
    input  [7:0]  od,
    output [15:0] woven
);
    genvar i;
    generate
        for (i = 0; i < 8; i = i + 1) begin : g_weave
            assign woven[2*i]     = ev[i];
            assign woven[2*i + 1] = od[i];
        end
    endgenerate
endmodule
