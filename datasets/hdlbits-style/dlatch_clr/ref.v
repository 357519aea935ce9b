module top_module (
    input      d,
    input      en,
    input      clr_n,
    output reg q
);
    always_latch begin
        if (!clr_n)
            q = 1'b0;
        else if (en)
            q = d;
    end
endmodule
