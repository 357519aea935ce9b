module top_module (
    input      [7:0] din,
    input      [2:0] amt,
    input      [1:0] op,
    output reg [7:0] dout
);
    wire [2:0]  back    = 3'd0 - amt;            // (8 - amt) mod 8: bits that wrap around
    wire [7:0]  rol     = (din << amt) | (din >> back);
    wire [7:0]  sra     = $unsigned($signed(din) >>> amt);

    always @* begin
        case (op)
            2'd0:    dout = din << amt;
            2'd1:    dout = din >> amt;
            2'd2:    dout = sra;
            default: dout = rol;
        endcase
    end
endmodule
