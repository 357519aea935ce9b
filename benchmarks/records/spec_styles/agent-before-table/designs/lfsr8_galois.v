module top_module (
    input clk,
    input reset,
    input seed_load,
    input [7:0] seed,
    input en,
    output reg [7:0] q,
    output reg out_bit
);

    reg [7:0] q_reg;
    reg [7:0] q_next;

    always @(posedge clk) begin
        if (reset) begin
            q_reg <= 8'h01;
            q_next <= 8'h01;
        end else if (seed_load) begin
            q_reg <= seed;
            q_next <= seed;
        end else if (en) begin
            q_next <= (q_reg >> 1) ^ (q_reg[0] ? 8'hB8 : 8'h00);
        end else begin
            q_next <= q_reg;
        end
        q <= q_next;
        out_bit <= q[0];
    end

endmodule
