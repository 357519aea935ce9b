// Clock-enable generator: one-cycle pulse every DIV cycles
module clk_div #(
    parameter DIV = 10
) (
    input  wire clk,
    input  wire rst,
    output reg  tick
);
    reg [7:0] cnt;

    always @(posedge clk) begin
        if (rst) begin
            cnt  <= 8'd0;
            tick <= 1'b0;
        end else if (cnt == DIV - 1) begin
            cnt  <= 8'd0;
            tick <= 1'b1;
        end else begin
            cnt  <= cnt + 8'd1;
            tick <= 1'b0;
        end
    end
endmodule
