module top_module (
    input clk,
    input rst_n,
    input [1:0] mode,
    input [3:0] d,
    input sr_in,
    input sl_in,
    output reg [3:0] q
);
    // Reset logic
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            q <= 4'b0000;
        end else begin
            // Logic for different modes
            case (mode)
                2'b00: q <= q; // Hold mode
                2'b01: q <= {sr_in, q[3:1]}; // Shift right mode
                2'b10: q <= {q[2:0], sl_in}; // Shift left mode
                2'b11: q <= d; // Parallel load mode
                default: q <= q; // Default case, no changes
            endcase
        end
    end
endmodule
