module top_module (
    input clk,
    input reset,
    input we,
    input [2:0] waddr,
    input [7:0] wdata,
    input [2:0] raddr_a,
    output reg [7:0] rdata_a,
    input [2:0] raddr_b,
    output reg [7:0] rdata_b
);
    reg [7:0] registers [0:7];

    always @(posedge clk) begin
        if (!reset) begin
            registers[0] <= 8'h00;
            registers[1] <= 8'h00;
            registers[2] <= 8'h00;
            registers[3] <= 8'h00;
            registers[4] <= 8'h00;
            registers[5] <= 8'h00;
            registers[6] <= 8'h00;
            registers[7] <= 8'h00;
        end else if (we && waddr != 3'b000) begin
            registers[waddr] <= wdata;
        end
    end

    always @(*) begin
        if (raddr_a == 3'b000) begin
            rdata_a <= 8'h00;
        end else if (we && waddr == raddr_a) begin
            rdata_a <= wdata;
        end else begin
            rdata_a <= registers[raddr_a];
        end

        if (raddr_b == 3'b000) begin
            rdata_b <= 8'h00;
        end else if (we && waddr == raddr_b) begin
            rdata_b <= wdata;
        end else begin
            rdata_b <= registers[raddr_b];
        end
    end
endmodule
