// expect: line=5 category=assign-to-input
// an input logic written in always_ff
module ai3(input logic clk, input logic [7:0] cnt, output logic [7:0] q);
  always_ff @(posedge clk) begin
    cnt <= cnt + 8'd1;  // <- bug
    q <= cnt;
  end
endmodule
