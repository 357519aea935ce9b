module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_data,
    input out_ready,
    output in_ready,
    output reg out_valid,
    output reg [7:0] out_data
);
    // Variables to hold the valid and data states

    // Initial state assignment
    always @(posedge clk or posedge reset) begin
        if (reset) begin
            out_valid <= 0;
            out_data <= 8'h00;
        end else if (in_ready && in_valid) begin
            out_valid <= 1;
            out_data <= in_data;
        end else if (out_ready) begin
            out_valid <= 1;
        end else begin
            out_valid <= 0;
        end
    end

    // Combinational logic to update the ready state
    assign in_ready = !out_valid || out_ready;
endmodule
