// expect: line=5 category=unsupported-by-simulator
// concurrent assertion Icarus 11 cannot parse
module us4(input logic clk, input logic req, output logic ack);
  always_ff @(posedge clk) ack <= req;
  assert property (@(posedge clk) req |=> ack);  // <- bug
endmodule
