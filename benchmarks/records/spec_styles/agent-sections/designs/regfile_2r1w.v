module top_module (
    input clk,
    input reset,
    input we,
    input [2:0] waddr,
    input [7:0] wdata,
    input [2:0] raddr_a,
    input [2:0] raddr_b,
    output [7:0] rdata_a,
    output [7:0] rdata_b
);

reg [7:0] r [0:7];

always @(posedge clk)
begin
    if (!reset)
    begin
        for (int i = 0; i < 8; i++)
            r[i] <= 8'h00;
    end
    else if (we)
    begin
        if (waddr == 3'b000)
        begin
            r[0] <= 8'h00;
        end
        else
        begin
            r[waddr] <= wdata;
        end
    end
end

assign rdata_a = r[raddr_a];
assign rdata_b = r[raddr_b];
endmodule
