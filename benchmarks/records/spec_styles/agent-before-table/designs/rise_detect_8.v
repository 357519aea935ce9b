module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    output reg [7:0] rise
);

    reg [7:0] prev;
    reg [7:0] rise_reg;

    always @(posedge clk) begin
        if (reset) begin
            rise_reg <= 8'b0;
            prev <= 8'b0;
        end else begin
            if (sig[0] && !prev[0]) begin
                rise_reg <= rise_reg | 8'b1;
            end
            prev <= sig;
        end
    end

    always @(posedge clk) begin
        if (reset) begin
            rise <= 8'b0;
        end else begin
            rise <= rise_reg;
        end
    end

endmodule
