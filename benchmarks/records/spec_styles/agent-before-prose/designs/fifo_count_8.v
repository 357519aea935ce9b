module top_module (
    input clk,
    input reset,
    input wr_en,
    input [7:0] wr_data,
    input rd_en,
    output reg [7:0] rd_data,
    output reg rd_valid,
    output reg empty,
    output reg full,
    output reg almost_full,
    output reg [3:0] count
);
    reg [7:0] fifo [0:7];
    reg [3:0] count_reg;
    reg [3:0] almost_full_reg;
    reg [3:0] empty_reg;
    reg [3:0] full_reg;

    always @(posedge clk) begin
        if (!reset) begin
            count_reg <= 4'b0000;
            almost_full_reg <= 4'b0000;
            empty_reg <= 4'b0000;
            full_reg <= 4'b0000;
            for (int i = 0; i < 8; i++) begin
                fifo[i] <= 8'h00;
            end
        end else begin
            if (wr_en) begin
                if (count_reg < 8) begin
                    fifo[count_reg] <= wr_data;
                    count_reg <= count_reg + 1'b1;
                end
            end
            if (rd_en) begin
                if (count_reg > 0) begin
                    rd_data <= fifo[count_reg - 1];
                    rd_valid <= 1'b1;
                    count_reg <= count_reg - 1'b1;
                end else begin
                    rd_valid <= 1'b0;
                end
            end
            empty_reg <= count_reg == 0;
            full_reg <= count_reg == 8;
            almost_full_reg <= count_reg >= 6;
        end
    end

    always @(posedge clk) begin
        count <= count_reg;
        almost_full <= almost_full_reg;
        empty <= empty_reg;
        full <= full_reg;
    end
endmodule
