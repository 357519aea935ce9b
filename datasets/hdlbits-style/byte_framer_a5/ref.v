module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_byte,
    output reg [23:0] frame,
    output reg frame_valid,
    output hunting
);
    reg [1:0] got;        // 0 = hunting, 1..3 = marker seen + (got-1) payload bytes
    reg [15:0] partial;

    always @(posedge clk) begin
        if (reset) begin
            got <= 2'd0;
            partial <= 16'h0000;
            frame <= 24'h000000;
            frame_valid <= 1'b0;
        end else begin
            frame_valid <= 1'b0;
            if (in_valid) begin
                case (got)
                    2'd0: if (in_byte == 8'hA5) got <= 2'd1;
                    2'd1: begin partial[15:8] <= in_byte; got <= 2'd2; end
                    2'd2: begin partial[7:0] <= in_byte; got <= 2'd3; end
                    default: begin
                        frame <= {partial, in_byte};
                        frame_valid <= 1'b1;
                        got <= 2'd0;
                    end
                endcase
            end
        end
    end

    assign hunting = (got == 2'd0);
endmodule
