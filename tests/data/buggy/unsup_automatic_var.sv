// expect: line=5 category=unsupported-by-simulator
// automatic variable in a static block (Icarus 11: sorry)
module us5(input logic clk, input logic [7:0] a, output logic [7:0] y);
  always_ff @(posedge clk) begin
    automatic logic [7:0] t = a + 8'd1;  // <- bug
    y <= t;
  end
endmodule
