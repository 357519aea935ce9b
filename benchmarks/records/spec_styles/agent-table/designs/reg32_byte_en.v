module top_module (
    input clk,
    input areset_n,
    input [3:0] be,
    input [31:0] wdata,
    output reg [31:0] q
);
    reg [7:0] byte0;
    reg [7:0] byte1;
    reg [7:0] byte2;
    reg [7:0] byte3;

    always @(posedge clk) begin
        if (!areset_n) begin
            byte0 <= 8'h00;
            byte1 <= 8'h00;
            byte2 <= 8'h00;
            byte3 <= 8'h00;
        end else begin
            if (be[0]) begin
                byte0 <= wdata[7:0];
            end else begin
                byte0 <= byte0;
            end
            if (be[1]) begin
                byte1 <= wdata[15:8];
            end else begin
                byte1 <= byte1;
            end
            if (be[2]) begin
                byte2 <= wdata[23:16];
            end else begin
                byte2 <= byte2;
            end
            if (be[3]) begin
                byte3 <= wdata[31:24];
            end else begin
                byte3 <= byte3;
            end
        end
        q[7:0] <= byte0;
        q[15:8] <= byte1;
        q[23:16] <= byte2;
        q[31:24] <= byte3;
    end

endmodule
