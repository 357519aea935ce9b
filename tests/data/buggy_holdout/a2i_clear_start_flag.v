// expect: line=13 category=assign-to-input
// Pulse stretcher that tries to clear its own trigger input
module stretch (
    input  wire       clk,
    input  wire       trig,
    output reg        pulse
);
    reg [2:0] cnt;
    always @(posedge clk) begin
        if (trig) begin
            cnt   <= 3'd7;
            pulse <= 1'b1;
            trig  <= 1'b0;
        end else if (cnt != 3'd0) begin
            cnt <= cnt - 3'd1;
        end else begin
            pulse <= 1'b0;
        end
    end
endmodule
