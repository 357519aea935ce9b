module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_byte,
    output reg [31:0] pkt,
    output reg [2:0] pkt_len,
    output reg done
);
    reg collecting;
    reg [2:0] len;       // L
    reg [2:0] got;       // payload bytes collected so far
    reg [23:0] acc;      // payload collected so far, right-aligned

    always @(posedge clk) begin
        if (reset) begin
            collecting <= 1'b0;
            len <= 3'd0;
            got <= 3'd0;
            acc <= 24'h0;
            pkt <= 32'h0;
            pkt_len <= 3'd0;
            done <= 1'b0;
        end else begin
            done <= 1'b0;
            if (in_valid) begin
                if (!collecting) begin
                    if (in_byte[7]) begin
                        collecting <= 1'b1;
                        len <= {1'b0, in_byte[1:0]} + 3'd1;
                        got <= 3'd0;
                        acc <= 24'h0;
                    end
                end else if (got + 3'd1 == len) begin
                    pkt <= {acc, in_byte};
                    pkt_len <= len;
                    done <= 1'b1;
                    collecting <= 1'b0;
                end else begin
                    acc <= {acc[15:0], in_byte};
                    got <= got + 3'd1;
                end
            end
        end
    end
endmodule
