module top_module (
    input clk,
    input reset,
    input [7:0] in_valid,
    input [7:0] in_data,
    output reg [7:0] out_valid,
    output reg [7:0] out_data,
    output reg out_ready
);

always @(posedge clk) begin
    if (!reset) begin
        out_valid <= 0;
        out_data <= 8'h00;
        out_ready <= 1;
    end else if (in_ready) begin
        out_valid <= in_valid;
        out_data <= in_data;
        out_ready <= 1;
    end else if (out_valid) begin
        out_ready <= 0;
    end
end

endmodule
