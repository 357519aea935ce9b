module top_module (
    input clk,
    input reset,
    input wr_en,
    input [7:0] wr_data,
    input rd_en,
    output [7:0] rd_data,
    output rd_valid,
    output [3:0] count,
    output empty,
    output full,
    output almost_full
);
    reg [7:0] rd_data_reg;
    reg rd_valid_reg;
    reg [3:0] count_reg;
    reg empty_reg;
    reg full_reg;
    reg almost_full_reg;

    always @(posedge clk) begin
        if (!reset) begin
            rd_data_reg <= 8'h00;
            rd_valid_reg <= 0;
            count_reg <= 0;
            empty_reg <= 1;
            full_reg <= 0;
            almost_full_reg <= 0;
        end else begin
            if (wr_en) begin
                if (count_reg < 8) begin
                    rd_data_reg <= wr_data;
                    rd_valid_reg <= 1;
                    count_reg <= count_reg + 1;
                end else if (rd_valid_reg == 1) begin
                    rd_valid_reg <= 0;
                end
            end
            if (rd_en) begin
                if (count_reg > 0) begin
                    rd_data_reg <= rd_data;
                    rd_valid_reg <= 1;
                    count_reg <= count_reg - 1;
                end else if (rd_valid_reg == 1) begin
                    rd_valid_reg <= 0;
                end
            end
            empty_reg <= count_reg == 0;
            full_reg <= count_reg == 8;
            almost_full_reg <= count_reg >= 6;
        end
    end

    assign rd_data = rd_data_reg;
    assign rd_valid = rd_valid_reg;
    assign count = count_reg;
    assign empty = empty_reg;
    assign full = full_reg;
    assign almost_full = almost_full_reg;
endmodule
