module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    output reg [7:0] rise
);
    reg [7:0] prev;

    always @(posedge clk) begin
        prev <= sig;
        if (reset)
            rise <= 8'h00;
        else
            rise <= sig & ~prev;
    end
endmodule
