module top_module (
    input clk,
    input reset,
    input start,
    input en,
    input din,
    output reg odd,
    output done
);
    reg [3:0] n;

    always @(posedge clk) begin
        if (reset || start) begin
            n <= 4'd0;
            odd <= 1'b0;
        end else if (en && n != 4'd8) begin
            odd <= odd ^ din;
            n <= n + 4'd1;
        end
    end

    assign done = (n == 4'd8);
endmodule
