module top_module (
    input clk,
    input reset,
    input [7:0] sig,
    input [7:0] clr,
    output reg [7:0] flags
);
    reg [7:0] prev;
    wire [7:0] rise = sig & ~prev;

    always @(posedge clk) begin
        prev <= sig;
        if (reset)
            flags <= 8'h00;
        else
            flags <= rise | (flags & ~clr);
    end
endmodule
