module top_module (
    input clk,
    input reset,
    input seed_load,
    input [7:0] seed,
    input en,
    output reg [7:0] q,
    output out_bit
);

    // Define the LFSR state

    // Define the output bit
    assign out_bit = q[0];

    // Define the LFSR logic
    always @(posedge clk) begin
        if (reset) begin
            q <= 8'h01;
        end else if (seed_load) begin
            q <= seed;
        end else if (en) begin
            q <= (q >> 1) ^ (q[0] ? 8'hB8 : 8'h00);
        end
    end

endmodule
