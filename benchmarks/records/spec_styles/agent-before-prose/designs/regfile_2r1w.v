module top_module (
    input clk,
    input [7:0] reset,
    input [2:0] we,
    input [2:0] waddr,
    input [7:0] wdata,
    input [2:0] raddr_a,
    output reg [7:0] rdata_a,
    input [2:0] raddr_b,
    output reg [7:0] rdata_b
);
    reg [7:0] reg_file [0:7];

    always @(posedge clk) begin
        if (!reset) begin
            for (int i = 0; i < 8; i++) begin
                reg_file[i] <= 8'h00;
            end
        end else if (we) begin
            if (waddr != 0) begin
                reg_file[waddr] <= wdata;
            end
        end
    end

    always @(*) begin
        if (raddr_a == 0) begin
            rdata_a <= 8'h00;
        end else if (we && waddr == raddr_a) begin
            rdata_a <= wdata;
        end else begin
            rdata_a <= reg_file[raddr_a];
        end

        if (raddr_b == 0) begin
            rdata_b <= 8'h00;
        end else if (we && waddr == raddr_b) begin
            rdata_b <= wdata;
        end else begin
            rdata_b <= reg_file[raddr_b];
        end
    end
endmodule
