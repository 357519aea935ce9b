module top_module (
    input clk,
    input reset,
    input en,
    input we,
    input [2:0] addr,
    input [7:0] din,
    output reg [7:0] dout
);
    reg [7:0] mem [0:7];
    integer i;

    always @(posedge clk) begin
        if (reset) begin
            for (i = 0; i < 8; i = i + 1)
                mem[i] <= 8'h00;
            dout <= 8'h00;
        end else if (en) begin
            dout <= mem[addr];
            if (we)
                mem[addr] <= din;
        end
    end
endmodule
