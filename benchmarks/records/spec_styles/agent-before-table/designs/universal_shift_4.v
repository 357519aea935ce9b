module top_module (
    input clk,
    input rst_n,
    input [1:0] mode,
    input [3:0] d,
    input sr_in,
    input sl_in,
    output reg [3:0] q
);
    always @(posedge clk) begin
        if (!rst_n) begin
            q <= 4'b0000;
        end else begin
            case (mode)
                2'b00: q <= q;
                2'b01: q <= {sr_in, q[3:1]};
                2'b10: q <= {q[2:0], sl_in};
                2'b11: q <= d;
            endcase
        end
    end
endmodule
