module top_module (
    input             clk,
    input             areset_n,
    input      [3:0]  be,
    input      [31:0] wdata,
    output reg [31:0] q
);
    integer k;

    always @(posedge clk or negedge areset_n) begin
        if (!areset_n) begin
            q <= 32'd0;
        end else begin
            for (k = 0; k < 4; k = k + 1)
                if (be[k])
                    q[8*k +: 8] <= wdata[8*k +: 8];
        end
    end
endmodule
