module top_module (
    input clk,
    input rst_n,
    input [1:0] mode,
    input [3:0] sr_in,
    input [3:0] sl_in,
    input [3:0] d,
    output reg [3:0] q
);

    // Initial value for q
    reg [3:0] initial_q = 4'b0000;

    // Register to hold the current state
    reg [3:0] current_q = initial_q;

    // Assignments for different modes
    always @(posedge clk) begin
        case (mode)
            2'b00: q <= current_q; // Hold
            2'b01: q <= {sr_in, current_q[3:1]}; // Shift right
            2'b10: q <= {current_q[2:0], sl_in}; // Shift left
            2'b11: q <= d; // Parallel load
        endcase
    end

    // Reset logic
    always @(posedge clk) begin
        if (rst_n) begin
            current_q <= initial_q;
        end
    end

endmodule
