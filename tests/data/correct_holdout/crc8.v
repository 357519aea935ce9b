// Serial CRC-8 (polynomial 0x07), one bit per clock
module crc8 (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    input  wire       din,
    output reg  [7:0] crc
);
    wire fb = crc[7] ^ din;

    always @(posedge clk) begin
        if (rst)
            crc <= 8'h00;
        else if (en)
            crc <= {crc[6:0], 1'b0} ^ {5'b00000, fb, fb, fb};
    end
endmodule
