module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    input [7:0] clr,
    output reg [7:0] flags
);

always @(posedge clk) begin
    flags <= flags;
    for (int i = 0; i < 8; i++) begin
        if (clr[i] == 1'b1) begin
            flags[i] <= 1'b0;
        end else if (sig[i] == 1'b1 && prev[i] == 1'b0) begin
            flags[i] <= 1'b1;
        end
    end
end

always @(posedge clk) begin
    prev <= sig;
end

initial begin
    flags <= 8'h00;
end

endmodule
