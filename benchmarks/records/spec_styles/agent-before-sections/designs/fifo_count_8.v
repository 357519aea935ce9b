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

    // Register to hold the read data
    reg [7:0] rd_data_reg;

    // Counter to keep track of the number of words in the FIFO
    reg [3:0] count_reg;

    // Register to track the state of the FIFO
    reg [2:0] fifo_state;

    // Initialize the registers
    always @(posedge clk) begin
        if (!reset) begin
            count_reg <= 4'b0000;
            fifo_state <= 3'b000;
            rd_data_reg <= 8'h00;
        end else begin
            if (wr_en) begin
                if (count_reg < 4'b0001) begin
                    count_reg <= count_reg + 1'b1;
                    rd_data_reg <= wr_data;
                end
            end
            if (rd_en) begin
                if (count_reg > 4'b0000) begin
                    count_reg <= count_reg - 1'b1;
                    rd_data_reg <= rd_data;
                    rd_valid <= 1'b1;
                end else begin
                    rd_valid <= 1'b0;
                end
            end
        end
    end

    // Assign the outputs
    assign count = count_reg;
    assign empty = (count_reg == 4'b0000);
    assign full = (count_reg == 4'b0011);
    assign almost_full = (count_reg >= 4'b0010);

    // Assign the read data
    assign rd_data = rd_data_reg;

endmodule
