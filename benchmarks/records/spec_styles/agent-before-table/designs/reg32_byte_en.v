module top_module (
    input clk,
    input areset_n,
    input [3:0] be,
    input [31:0] wdata,
    output reg [31:0] q
);

always @(posedge clk) begin
    if (!areset_n) begin
        q <= 32'h0000_0000;
    end else begin
        for (int k = 0; k < 4; k++) begin
            if (be[k]) begin
                q[8*k+7 : 8*k] <= wdata[8*k+7 : 8*k];
            end
        end
    end
end

endmodule
