module top_module (
    input [7:0] a,
    input [7:0] b,
    input signed_mode,
    output [7:0] y,
    output sat
);
    // Output assignment for y when unsigned mode
    assign y = a + b < 256 ? a + b : 255;
    // Output assignment for sat when clamping happens
    assign sat = a + b >= 256 ? 1 : 0;
endmodule
