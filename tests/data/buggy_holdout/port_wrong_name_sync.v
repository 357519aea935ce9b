// expect: line=21 category=port-mismatch
// Synchronizer flop pair used by a top level
module sync2 (
    input  wire clk,
    input  wire d,
    output reg  q
);
    reg meta;
    always @(posedge clk) begin
        meta <= d;
        q    <= meta;
    end
endmodule

module sync_top (
    input  wire clk,
    input  wire async_in,
    output wire sync_out
);
    sync2 u_sync (
        .clk_i(clk),
        .d(async_in),
        .q(sync_out)
    );
endmodule
