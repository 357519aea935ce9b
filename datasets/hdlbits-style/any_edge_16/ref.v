module top_module (
    input clk,
    input rst_n,
    input [15:0] sig,
    output [15:0] changed
);
    reg [15:0] last;

    always @(posedge clk) begin
        if (!rst_n)
            last <= 16'h0000;
        else
            last <= sig;
    end

    assign changed = sig ^ last;
endmodule
