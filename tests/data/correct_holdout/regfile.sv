// 8 x 16 register file: two read ports, one write port, r0 reads as zero
module regfile (
    input  logic        clk,
    input  logic        we,
    input  logic [2:0]  waddr,
    input  logic [15:0] wdata,
    input  logic [2:0]  raddr_a,
    input  logic [2:0]  raddr_b,
    output logic [15:0] rdata_a,
    output logic [15:0] rdata_b
);
    logic [15:0] regs [8];

    always_ff @(posedge clk) begin
        if (we && waddr != 3'd0)
            regs[waddr] <= wdata;
    end

    assign rdata_a = (raddr_a == 3'd0) ? 16'd0 : regs[raddr_a];
    assign rdata_b = (raddr_b == 3'd0) ? 16'd0 : regs[raddr_b];
endmodule
