module top_module (
    input clk,
    input reset,
    input [7:0] in_valid,
    input [7:0] in_data,
    output reg [7:0] out_valid,
    output reg [7:0] out_data,
    output reg in_ready
);

always @(posedge clk) begin
    if (!reset) begin
        out_valid <= 0;
        out_data <= 8'h00;
        in_ready <= 1;
    end else begin
        if (in_ready) begin
            out_valid <= in_valid;
            if (in_valid) begin
                out_data <= in_data;
            end
        end else begin
            out_valid <= 0;
            out_data <= 8'h00;
            in_ready <= 1;
        end
    end
end

always @(posedge clk) begin
    if (!reset) begin
        in_ready <= 1;
    end else begin
        in_ready <= 0;
    end
end

endmodule
