module top_module (
    input clk,
    input reset,
    input we,
    input [2:0] waddr,
    input [7:0] wdata,
    input [2:0] raddr_a,
    output [7:0] rdata_a,
    input [2:0] raddr_b,
    output [7:0] rdata_b
);
    reg [7:0] reg_file [0:7];
    reg [2:0] prev_waddr;

    always @(posedge clk)
    begin
        if (reset)
        begin
            reg_file[0] <= 8'h00;
            reg_file[1] <= 8'h00;
            reg_file[2] <= 8'h00;
            reg_file[3] <= 8'h00;
            reg_file[4] <= 8'h00;
            reg_file[5] <= 8'h00;
            reg_file[6] <= 8'h00;
            reg_file[7] <= 8'h00;
            prev_waddr <= 3'b000;
        end
        else if (we && prev_waddr != waddr)
        begin
            if (waddr == 3'b000) begin
                reg_file[0] <= 8'h00;
            end
            else if (waddr == 3'b001) begin
                reg_file[1] <= wdata;
            end
            else if (waddr == 3'b010) begin
                reg_file[2] <= wdata;
            end
            else if (waddr == 3'b011) begin
                reg_file[3] <= wdata;
            end
            else if (waddr == 3'b100) begin
                reg_file[4] <= wdata;
            end
            else if (waddr == 3'b101) begin
                reg_file[5] <= wdata;
            end
            else if (waddr == 3'b110) begin
                reg_file[6] <= wdata;
            end
            else if (waddr == 3'b111) begin
                reg_file[7] <= wdata;
            end
            prev_waddr <= waddr;
        end
    end

    assign rdata_a = (we && waddr == 3'b000) || prev_waddr == 3'b000 ? 8'h00 : reg_file[raddr_a];
    assign rdata_b = (we && waddr == 3'b000) || prev_waddr == 3'b000 ? 8'h00 : reg_file[raddr_b];
endmodule
