module top_module (
    input clk,
    input reset,
    input x,
    output reg det,
    output reg [3:0] count
);

reg [1:0] state = 0;
reg [2:0] bit_count = 0;

always @(posedge clk) begin
    if (reset) begin
        count <= 0;
        state <= 0;
        bit_count <= 0;
    end else begin
        if (x && state == 0) begin
            bit_count <= 0;
            count <= count + 1;
            state <= 1;
        end else if (x && state == 1 && bit_count < 3) begin
            bit_count <= bit_count + 1;
        end else if (x && state == 1 && bit_count == 3) begin
            state <= 2;
            bit_count <= 0;
        end else if (x && state == 2) begin
            state <= 3;
        end else if (x && state == 3) begin
            state <= 0;
        end
    end
end

always @(posedge clk) begin
    if (state == 2) begin
        det <= 1;
    end else begin
        det <= 0;
    end
end

endmodule
