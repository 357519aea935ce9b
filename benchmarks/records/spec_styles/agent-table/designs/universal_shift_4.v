module top_module (
    input clk,
    input rst_n,
    input [1:0] mode,
    input [3:0] d,
    input sr_in,
    input sl_in,
    output [3:0] q
);

reg [3:0] q_reg = 4'b0000;
assign q = q_reg;

always @(posedge clk) begin
    if (!rst_n) begin
        q_reg <= 4'b0000;
    end else begin
        case (mode)
            2'b00: q_reg <= q_reg;
            2'b01: q_reg <= {sr_in, q_reg[3:1]};
            2'b10: q_reg <= {q_reg[2:0], sl_in};
            2'b11: q_reg <= d;
        endcase
    end
end

endmodule
