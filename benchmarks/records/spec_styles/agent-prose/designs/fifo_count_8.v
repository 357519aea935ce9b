module top_module (
    input clk,
    input reset,
    input wr_en,
    input [7:0] wr_data,
    input rd_en,
    output [7:0] rd_data,
    output rd_valid,
    output reg [3:0] count,
    output reg empty,
    output reg full,
    output reg almost_full
);

    // Register to hold the read data
    reg [7:0] rd_data_reg;
    // Register to hold the read valid signal
    reg rd_valid_reg;

    // Register to hold the count
    reg [3:0] count_reg;

    // Register to hold the almost_full status
    reg almost_full_reg;

    // Register to hold the empty status
    reg empty_reg;

    // Register to hold the full status
    reg full_reg;

    // Counter to keep track of the number of words in the FIFO

    // Almost full status

    // Empty status

    // Full status

    // Reset the FIFO and clear the status registers
    always @(posedge clk or posedge reset) begin
        if (reset) begin
            count_reg <= 4'b0000;
            rd_data_reg <= 8'h00;
            rd_valid_reg <= 1'b0;
            almost_full_reg <= 1'b0;
            empty_reg <= 1'b1;
            full_reg <= 1'b0;
        end else begin
            if (wr_en) begin
                if (count < 8) begin
                    count_reg <= count_reg + 1'b1;
                    rd_data_reg <= wr_data;
                    rd_valid_reg <= 1'b1;
                end else begin
                    rd_valid_reg <= 1'b0;
                end
            end
            if (rd_en) begin
                if (count > 0) begin
                    rd_data_reg <= rd_data;
                    rd_valid_reg <= 1'b1;
                end else begin
                    rd_valid_reg <= 1'b0;
                end
            end
            almost_full_reg <= count_reg >= 6'b0;
            empty_reg <= count_reg == 4'b0;
            full_reg <= count_reg == 8'b1;
        end
    end

    // Output the status registers
    assign count = count_reg;
    assign empty = empty_reg;
    assign full = full_reg;
    assign almost_full = almost_full_reg;
    assign rd_data = rd_data_reg;
    assign rd_valid = rd_valid_reg;
endmodule
