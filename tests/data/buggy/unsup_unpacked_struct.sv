// expect: line=4 category=unsupported-by-simulator
// unpacked struct (Icarus 11: sorry)
module us1(input logic [7:0] a, output logic [7:0] y);
  typedef struct { logic [3:0] lo; logic [3:0] hi; } pair_t;  // <- bug
  pair_t p;
  always_comb begin
    p.lo = a[3:0];
    p.hi = a[7:4];
    y = {p.lo, p.hi};
  end
endmodule
