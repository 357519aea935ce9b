module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_data,
    output in_ready,
    output reg out_valid,
    output reg [7:0] out_data,
    input out_ready
);

always @(posedge clk) begin
    if (!reset) begin
        out_valid <= 0;
        out_data <= 8'h00;
    end else begin
        if (in_ready) begin
            if (in_valid) begin
                out_valid <= in_valid;
                out_data <= in_data;
            end else begin
                out_data <= out_data; // Keep old value
            end
        end else begin
            out_valid <= 0;
            out_data <= 8'h00;
        end
    end
end

assign in_ready = !out_valid || out_ready;

endmodule
