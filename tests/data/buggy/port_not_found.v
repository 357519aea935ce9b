// expect: line=7 category=port-mismatch
// named connection to a port that does not exist
module inv(input a, output y);
  assign y = ~a;
endmodule
module pm1(input x, output z);
  inv u0 (.a(x), .out(z));  // <- bug
endmodule
