module top_module (
    input clk,
    input reset,
    input [1:0] req,
    output reg [1:0] gnt
);
    reg last;
    reg [2:0] cnt;
    wire holder = gnt[1];
    wire keep = (gnt != 2'b00) && req[holder] && !(req[~holder] && cnt == 3'd4);
    wire n = ~last;

    always @(posedge clk) begin
        if (reset) begin
            gnt <= 2'b00;
            last <= 1'b1;
            cnt <= 3'd0;
        end else if (keep) begin
            if (cnt != 3'd4)
                cnt <= cnt + 3'd1;
        end else if (req[n]) begin
            gnt <= n ? 2'b10 : 2'b01;
            last <= n;
            cnt <= 3'd1;
        end else if (req[last]) begin
            gnt <= last ? 2'b10 : 2'b01;
            cnt <= 3'd1;
        end else begin
            gnt <= 2'b00;
            cnt <= 3'd0;
        end
    end
endmodule
