module top_module (
    input clk,
    input rst_n,
    input [3:0] d,
    output reg [3:0] q
);

always @(posedge clk) begin
    if (!rst_n) begin
        q <= 4'b0;
    end else begin
        q <= d;
    end
end

endmodule
