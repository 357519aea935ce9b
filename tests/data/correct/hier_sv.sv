// correct: no errors and no warnings expected from any tool
module sat_inc(input logic [3:0] x, output logic [3:0] y);
  assign y = (x == 4'hF) ? x : x + 4'd1;
endmodule
module hier_sv(input logic [3:0] a, output logic [3:0] b);
  logic [3:0] mid;
  sat_inc u1 (.x(a), .y(mid));
  sat_inc u2 (.x(mid), .y(b));
endmodule
