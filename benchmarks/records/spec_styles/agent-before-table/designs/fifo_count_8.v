module top_module (
    input clk,
    input reset,
    input wr_en,
    input [7:0] wr_data,
    input rd_en,
    output reg [7:0] rd_data,
    output reg rd_valid,
    output reg [3:0] count,
    output reg empty,
    output reg full,
    output reg almost_full
);

    // Register for count
    reg [3:0] count_reg;
    always @(posedge clk) begin
        if (!reset) begin
            count_reg <= 4'b0000;
        end else if (wr_en || rd_en) begin
            count_reg <= count_reg + (wr_en ? 1 : 0) - (rd_en ? 1 : 0);
        end
    end

    // Register for almost_full
    reg [3:0] almost_full_reg;
    always @(posedge clk) begin
        if (!reset) begin
            almost_full_reg <= 4'b0000;
        end else if (wr_en || rd_en) begin
            almost_full_reg <= almost_full_reg + (wr_en ? 1 : 0) - (rd_en ? 1 : 0);
        end
    end

    // Register for rd_data
    reg [7:0] rd_data_reg;
    always @(posedge clk) begin
        if (!reset) begin
            rd_data_reg <= 8'h00;
        end else if (rd_en) begin
            rd_data_reg <= wr_data;
            rd_valid <= 1;
        end else begin
            rd_valid <= 0;
        end
    end

    // Outputs
    assign count = count_reg;
    assign empty = (count_reg == 4'b0000);
    assign full = (count_reg == 4'b1111);
    assign almost_full = (count_reg >= 4'b0110);

endmodule
