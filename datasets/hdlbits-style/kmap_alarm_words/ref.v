module top_module (
    input  armed,
    input  door,
    input  window,
    input  night,
    input  maint,
    output siren,
    output chime
);
    assign siren = armed & ~maint & (door | (window & night));
    assign chime = ~armed & door & ~night;
endmodule
