// expect: line=14 category=width-mismatch
// Small synchronous RAM: 16 x 16, read port declared too narrow
module ram16 (
    input  logic        clk,
    input  logic        we,
    input  logic [3:0]  addr,
    input  logic [15:0] wdata,
    output logic [7:0]  rdata
);
    logic [15:0] mem [16];

    always_ff @(posedge clk) begin
        if (we) mem[addr] <= wdata;
        rdata <= mem[addr];
    end
endmodule
