module top_module (
    input clk,
    input rst_n,
    input [1:0] mode,
    input [3:0] d,
    input sr_in,
    input sl_in,
    output reg [3:0] q
);

    always @(posedge clk or posedge rst_n) begin
        if (!rst_n) begin
            q <= 4'b0000;
        end else begin
            case (mode)
                2'b00: begin
                    q <= q; // hold
                end
                2'b01: begin
                    q <= {sr_in, q[3:1]}; // right shift
                end
                2'b10: begin
                    q <= {q[2:0], sl_in}; // left shift
                end
                2'b11: begin
                    q <= d; // parallel load
                end
            endcase
        end
    end

    // Outputs should be declared reg
endmodule
