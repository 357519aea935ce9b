module top_module (
    input clk,
    input areset_n,
    input [3:0] be,
    input [31:0] wdata,
    output reg [31:0] q
);


always @(posedge clk) begin
    if (!areset_n) begin
        q <= 32'h0000_0000; // Immediate reset
    end else if (be[0]) begin
        q[8*0+7 : 8*0] <= wdata[8*0+7 : 8*0];
    end
    if (be[1]) begin
        q[8*1+7 : 8*1] <= wdata[8*1+7 : 8*1];
    end
    if (be[2]) begin
        q[8*2+7 : 8*2] <= wdata[8*2+7 : 8*2];
    end
    if (be[3]) begin
        q[8*3+7 : 8*3] <= wdata[8*3+7 : 8*3];
    end
end

endmodule
