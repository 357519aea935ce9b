module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_data,
    output in_ready,
    output out_valid,
    output [7:0] out_data,
    input out_ready
);

    // Register to hold the word
    reg [7:0] register;
    reg out_valid_reg;
    reg out_data_reg;

    // Combinational logic
    always @(posedge clk) begin
        if (!reset) begin
            out_valid_reg <= 0;
            out_data_reg <= 8'h00;
        end else begin
            if (in_ready) begin
                out_valid_reg <= in_valid;
                out_data_reg <= in_data;
            end else begin
                out_valid_reg <= out_valid_reg;
                out_data_reg <= out_data_reg;
            end
        end
    end

    // Outputs
    assign out_valid = out_valid_reg;
    assign out_data = out_data_reg;
    assign in_ready = out_valid_reg || out_ready;

endmodule
