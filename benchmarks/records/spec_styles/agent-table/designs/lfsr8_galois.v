module top_module (
    input clk,
    input reset,
    input seed_load,
    input [7:0] seed,
    input en,
    output [7:0] q,
    output out_bit
);
    reg [7:0] q_reg = 8'h01;  // Initial state

    always @(posedge clk) begin
        if (reset) begin
            q_reg <= 8'h01;
        end else if (seed_load) begin
            q_reg <= seed;
        end else if (en) begin
            q_reg <= (q_reg >> 1) ^ (q_reg[0] ? 8'hB8 : 8'h00);
        end
    end

    assign out_bit = q_reg[0];
    assign q = q_reg;
endmodule
