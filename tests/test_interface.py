"""Tests for veriagent.hdl.interface (pyslang port extraction, clock/reset guess, header, diff)."""

from __future__ import annotations

import pytest

from veriagent.errors import BadInput
from veriagent.hdl.interface import extract_interface, extract_interfaces

ANSI = """
module top_module #(parameter W = 4) (
    input clk,
    input wire [W-1:0] a,
    input signed [7:0] b,
    output reg [3:0] q,
    output logic y,
    inout [1:0] io,
    input [0:3] rev
);
  localparam L = 2;
endmodule
"""

NON_ANSI = """
// a comment mentioning module fake_one (ports);
module dff(clk, rst_n, d, q);
  input clk;
  input rst_n;
  input [7:0] d;
  output [7:0] q;
  reg [7:0] q;
  always @(posedge clk or negedge rst_n)
    if (!rst_n) q <= 0; else q <= d;
endmodule
"""


def test_ansi_ports_and_params() -> None:
    iface = extract_interface(ANSI)
    assert iface.module == "top_module"
    assert iface.parameters == {"W": "4"}
    names = [p.name for p in iface.ports]
    assert names == ["clk", "a", "b", "q", "y", "io", "rev"]
    a = iface.port("a")
    assert a is not None and (a.width, a.msb, a.lsb, a.kind, a.direction) == (4, 3, 0, "wire", "input")
    b = iface.port("b")
    assert b is not None and b.signed and b.width == 8
    q = iface.port("q")
    assert q is not None and q.kind == "reg" and q.direction == "output"
    y = iface.port("y")
    assert y is not None and y.kind == "logic" and y.width == 1
    io = iface.port("io")
    assert io is not None and io.direction == "inout"
    rev = iface.port("rev")
    assert rev is not None and (rev.msb, rev.lsb) == (0, 3)
    assert [p.name for p in iface.inputs()] == ["clk", "a", "b", "rev"]
    assert [p.name for p in iface.outputs()] == ["q", "y"]


def test_non_ansi_and_async_active_low_reset() -> None:
    iface = extract_interface(NON_ANSI)
    assert iface.module == "dff"
    q = iface.port("q")
    assert q is not None and q.kind == "reg" and q.width == 8 and q.direction == "output"
    assert iface.clock == "clk" and "clock" in iface.clock_reason
    assert iface.reset == "rst_n"
    assert iface.reset_active_low is True
    assert iface.reset_synchronous is False
    assert "negedge" in iface.reset_reason


@pytest.mark.parametrize(
    ("decl", "body", "reset", "low"),
    [
        ("input clk, input reset", "always @(posedge clk) if (reset) q <= 0;", "reset", False),
        ("input clk, input areset", "always @(posedge clk or posedge areset) q <= 0;", "areset", False),
        ("input clk, input resetn", "always @(posedge clk) if (!resetn) q <= 0;", "resetn", True),
        ("input clk, input rst", "always @(posedge clk) if (~rst) q <= 0;", "rst", True),
        ("input sys_clk, input sys_rst", "always @(posedge sys_clk) q <= 0;", "sys_rst", False),
    ],
)
def test_reset_guess(decl: str, body: str, reset: str, low: bool) -> None:
    src = f"module m({decl}, output reg q);\n{body}\nendmodule\n"
    iface = extract_interface(src)
    assert iface.clock is not None
    assert iface.reset == reset
    assert iface.reset_active_low is low, iface.reset_reason


def test_clock_from_sensitivity_list_and_negedge() -> None:
    src = "module m(input tick, input d, output reg q);\nalways @(negedge tick) q <= d;\nendmodule\n"
    iface = extract_interface(src)
    assert iface.clock == "tick"
    assert iface.clock_edge == "negedge"
    assert "sensitivity" in iface.clock_reason
    assert iface.reset is None


def test_combinational_has_no_clock() -> None:
    iface = extract_interface("module m(input a, b, output y); assign y = a & b; endmodule")
    assert iface.clock is None and iface.reset is None
    assert [p.name for p in iface.inputs()] == ["a", "b"]


def test_header_roundtrip() -> None:
    iface = extract_interface(ANSI)
    header = iface.header()
    assert header.startswith("module top_module #(") and header.endswith(");")
    assert "output reg [3:0] q" in header
    assert "output reg y" in header  # logic output -> reg in Verilog-2001
    assert "input signed [7:0] b" in header
    assert "input [0:3] rev" in header
    again = extract_interface(header + "\nendmodule\n")
    assert again.diff(iface) == []
    assert "output logic y" in iface.header(systemverilog=True)


def test_diff_reports_names_dirs_widths() -> None:
    ref = extract_interface("module top_module(input [3:0] a, input b, output y); endmodule")
    cand = extract_interface("module top(input [2:0] a, output b, output y, input extra); endmodule")
    d = cand.diff(ref)
    text = "\n".join(d)
    assert "named `top`" in text
    assert "port `a` is 3 bit(s) wide, expected 4" in text
    assert "port `b` is an output, expected an input" in text
    assert "extra port `input extra`" in text
    missing = extract_interface("module top_module(input [3:0] a, input b); endmodule").diff(ref)
    assert any("missing port `output y`" in x for x in missing)


def test_multiple_modules_and_top_selection() -> None:
    src = """
    module top_module(input a, output b); sub u0(.x(a), .y(b)); endmodule
    module sub(input x, output y); assign y = ~x; endmodule
    """
    ifaces = extract_interfaces(src)
    assert [i.module for i in ifaces] == ["top_module", "sub"]
    assert extract_interface(src).module == "top_module"  # sub is instantiated, so not the top
    assert extract_interface(src, top="sub").module == "sub"


def test_no_module_and_missing_top() -> None:
    with pytest.raises(BadInput, match="no module"):
        extract_interface("// nothing here\n")
    with pytest.raises(BadInput, match="no module `nope`"):
        extract_interface("module a(input x); endmodule", top="nope")
    assert extract_interfaces("") == []
