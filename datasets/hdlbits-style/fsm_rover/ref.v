module top_module (
    input clk,
    input reset,
    input bump_e,
    input bump_w,
    input lifted,
    output go_e,
    output go_w,
    output beep
);
    localparam [1:0] DE = 2'd0, DW = 2'd1, HE = 2'd2, HW = 2'd3;
    reg [1:0] state;
    reg [2:0] h;

    always @(posedge clk) begin
        if (reset) begin
            state <= DE;
            h <= 3'd0;
        end else begin
            case (state)
                DE: begin
                    if (lifted) begin
                        state <= HE;
                        h <= 3'd0;
                    end else if (bump_e)
                        state <= DW;
                end
                DW: begin
                    if (lifted) begin
                        state <= HW;
                        h <= 3'd0;
                    end else if (bump_w)
                        state <= DE;
                end
                HE: begin
                    if (lifted) begin
                        if (h != 3'd7) h <= h + 3'd1;
                    end else
                        state <= (h >= 3'd3) ? DW : DE;
                end
                default: begin
                    if (lifted) begin
                        if (h != 3'd7) h <= h + 3'd1;
                    end else
                        state <= (h >= 3'd3) ? DE : DW;
                end
            endcase
        end
    end

    assign go_e = (state == DE);
    assign go_w = (state == DW);
    assign beep = (state == HE) | (state == HW);
endmodule
