"""Time `veriagent check` on a generated ~2,000-line design against the 1 s target.

Usage: .venv/bin/python benchmarks/check_speed.py [--lines 2000] [--repeat 3]
Prints the library-call and CLI end-to-end seconds (best of N) and their ratio to the target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from veriagent.hdl.check import check_files

TARGET_SECONDS = 1.0

MODULE = """module stage{i}(input clk, input rst, input [7:0] a, input [7:0] b, input [1:0] op,
                output reg [7:0] y, output reg v);
  reg [7:0] r;
  wire [8:0] sum;
  assign sum = {{1'b0, a}} + {{1'b0, b}};
  always @(*) begin
    case (op)
      2'd0: r = sum[7:0];
      2'd1: r = a - b;
      2'd2: r = a & b;
      default: r = a ^ b;
    endcase
  end
  always @(posedge clk) begin
    if (rst) begin
      y <= 8'd0;
      v <= 1'b0;
    end else begin
      y <= r;
      v <= sum[8];
    end
  end
endmodule
"""


def make_design(lines: int) -> str:
    """A chain of small ALU stages plus a top that instantiates all of them (about ``lines`` lines)."""
    per = MODULE.count("\n")
    n = max(1, round((lines - 6) / (per + 1)))  # each stage: its text plus one instance line
    parts = [MODULE.format(i=i) for i in range(n)]
    top = ["module top(input clk, input rst, input [7:0] a, input [1:0] op, output [7:0] y, output v);",
           f"  wire [7:0] d [0:{n}];", f"  wire [{n - 1}:0] vv;", "  assign d[0] = a;"]
    for i in range(n):
        top.append(f"  stage{i} u{i} (.clk(clk), .rst(rst), .a(d[{i}]), .b(a), .op(op), .y(d[{i + 1}]), "
                   f".v(vv[{i}]));")
    top += [f"  assign y = d[{n}];", "  assign v = ^vv;", "endmodule", ""]
    return "".join(parts) + "\n".join(top)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.v"
        path.write_text(make_design(args.lines))
        nlines = path.read_text().count("\n")
        lib = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            res = check_files([path], "top")
            lib.append(time.perf_counter() - t)
        if not res.ok or res.warnings:
            print(f"unexpected findings: {res.summary()}")
            for d in res.diagnostics[:10]:
                print("  ", d.gcc_format())
        cli = []
        exe = str(Path(sys.executable).with_name("veriagent"))
        for _ in range(args.repeat):
            t = time.perf_counter()
            proc = subprocess.run([exe, "check", str(path), "--top", "top"], capture_output=True, text=True)
            cli.append(time.perf_counter() - t)
        print(f"design: {nlines} lines, {len(res.diagnostics)} finding(s); "
              f"tools: {res.tools}")
        print(f"library check_files: {min(lib):.3f} s (best of {args.repeat}); "
              f"ratio to {TARGET_SECONDS:.0f} s target: {min(lib) / TARGET_SECONDS:.2f}")
        print(f"CLI end to end:      {min(cli):.3f} s (best of {args.repeat}, exit {proc.returncode}); "
              f"ratio: {min(cli) / TARGET_SECONDS:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
