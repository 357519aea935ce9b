module top_module (
    input      [7:0] a,
    input      [7:0] b,
    input            signed_mode,
    output reg [7:0] y,
    output reg       sat
);
    wire [8:0] usum = {1'b0, a} + {1'b0, b};
    wire [7:0] wrap = usum[7:0];
    wire       pos_ovf = ~a[7] & ~b[7] &  wrap[7];
    wire       neg_ovf =  a[7] &  b[7] & ~wrap[7];

    always @* begin
        if (signed_mode) begin
            sat = pos_ovf | neg_ovf;
            if (pos_ovf)
                y = 8'h7F;
            else if (neg_ovf)
                y = 8'h80;
            else
                y = wrap;
        end else begin
            sat = usum[8];
            y   = usum[8] ? 8'hFF : wrap;
        end
    end
endmodule
