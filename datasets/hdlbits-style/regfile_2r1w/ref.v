module top_module (
    input clk,
    input reset,
    input we,
    input [2:0] waddr,
    input [7:0] wdata,
    input [2:0] raddr_a,
    output [7:0] rdata_a,
    input [2:0] raddr_b,
    output [7:0] rdata_b
);
    reg [7:0] regs [1:7];
    integer i;

    always @(posedge clk) begin
        if (reset) begin
            for (i = 1; i < 8; i = i + 1)
                regs[i] <= 8'h00;
        end else if (we && waddr != 3'd0) begin
            regs[waddr] <= wdata;
        end
    end

    function [7:0] rd;
        input [2:0] a;
        begin
            if (a == 3'd0)
                rd = 8'h00;
            else if (we && waddr == a)
                rd = wdata;
            else
                rd = regs[a];
        end
    endfunction

    assign rdata_a = rd(raddr_a);
    assign rdata_b = rd(raddr_b);
endmodule
