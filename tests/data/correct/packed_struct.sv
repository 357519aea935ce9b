// correct: no errors and no warnings expected from any tool
module packed_struct(input logic [7:0] a, output logic [7:0] y);
  typedef struct packed { logic [3:0] hi; logic [3:0] lo; } pair_t;
  pair_t p;
  assign p = a;
  assign y = {p.lo, p.hi};
endmodule
