module top_module (
    input clk,
    input reset,
    input in_valid,
    input [7:0] in_data,
    output reg out_ready,
    output reg out_valid,
    output reg [7:0] out_data
);

always @(posedge clk) begin
    if (!reset) begin
        out_valid <= 0;
        out_data <= 8'h00;
    end else begin
        if (in_ready) begin
            out_valid <= in_valid;
            if (in_valid) begin
                out_data <= in_data;
            end
        end else begin
            out_valid <= 0;
            out_data <= 8'h00;
        end
    end
end

always @(posedge clk) begin
    out_ready <= !out_valid || out_ready;
end

endmodule
