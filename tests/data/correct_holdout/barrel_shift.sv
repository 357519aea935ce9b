// Barrel shifter: logical left/right and arithmetic right
module barrel_shift (
    input  logic [15:0] din,
    input  logic [3:0]  shamt,
    input  logic [1:0]  mode,
    output logic [15:0] dout
);
    always_comb begin
        unique case (mode)
            2'b00:   dout = din << shamt;
            2'b01:   dout = din >> shamt;
            2'b10:   dout = $unsigned($signed(din) >>> shamt);
            default: dout = din;
        endcase
    end
endmodule
