module top_module (
    input clk,
    input reset,
    input en,
    output reg [11:0] q,
    output [2:1] carry
);
    wire ones9 = (q[3:0] == 4'd9);
    wire tens9 = (q[7:4] == 4'd9);

    assign carry[1] = en & ones9;
    assign carry[2] = en & ones9 & tens9;

    always @(posedge clk) begin
        if (reset) begin
            q <= 12'h000;
        end else if (en) begin
            q[3:0] <= ones9 ? 4'd0 : q[3:0] + 4'd1;
            if (ones9) begin
                q[7:4] <= tens9 ? 4'd0 : q[7:4] + 4'd1;
                if (tens9)
                    q[11:8] <= (q[11:8] == 4'd9) ? 4'd0 : q[11:8] + 4'd1;
            end
        end
    end
endmodule
