// expect: line=5 category=blocking-in-sequential
// blocking assignment inside always_ff
module bs3(input logic clk, input logic [3:0] d, output logic [3:0] q);
  always_ff @(posedge clk) begin
    q = d;  // <- bug
  end
endmodule
