module top_module (
    input clk,
    input [7:0] seed,
    input reset,
    input en,
    output reg [7:0] q,
    output reg out_bit
);

    // Initialize the register with the seed value
    reg seed_load;

    // Initialize the output bit with the least significant bit of the register

    // Define the feedback mask and polynomial
    localparam FB_MASK = 8'hB8;
    localparam POLYNOMIAL = 8'h01;

    // Define the shift function
    always @(posedge clk) begin
        if (reset) begin
            q <= 8'h01;
            out_bit <= q[0];
            seed_load = 0; // Initialize seed_load to 0
        end else if (seed_load) begin
            q <= seed;
            out_bit <= q[0];
            seed_load = 0; // Reset seed_load
        end else if (en) begin
            q <= (q >> 1) ^ (q[0] ? FB_MASK : 8'h00);
            out_bit <= q[0];
        end
    end

endmodule
