module top_module (
    input clk,
    input reset,
    input x,
    output reg det,
    output reg [3:0] count
);

always @(posedge clk) begin
    if (reset) begin
        det <= 0;
        count <= 0;
    end else if (!det && x) begin
        det <= 1;
        count <= count + 1;
        if (count >= 15) begin
            count <= 15;
        end
    end else if (det && !x && count < 15) begin
        count <= count + 1;
    end
end

endmodule
