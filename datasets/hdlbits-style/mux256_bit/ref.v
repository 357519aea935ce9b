module top_module (
    input  [255:0] pool,
    input  [7:0]   pick,
    output         out
);
    assign out = pool[pick];
endmodule
