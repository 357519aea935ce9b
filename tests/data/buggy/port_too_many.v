// expect: line=7 category=port-mismatch
// more ordered connections than ports
module and2(input a, input b, output y);
  assign y = a & b;
endmodule
module pm2(input p, input q, input r, output z);
  and2 u0 (p, q, r, z);  // <- bug
endmodule
