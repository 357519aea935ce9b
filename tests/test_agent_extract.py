"""Extraction of code from model replies, mechanical repairs, spec parsing (no simulator needed)."""

from __future__ import annotations

import pytest

from veriagent.agent.exceptions import FormatError
from veriagent.agent.extract import extract_python, extract_verilog, verdict_of
from veriagent.agent.repair import (
    close_truncated,
    declared_kind,
    fix_procedural_wire,
    fix_sensitivity,
    fix_test_api,
)
from veriagent.agent.spec import check_spec_text, interface_from_spec, module_name
from veriagent.errors import BadInput

ADDER = "module add(input [3:0] a, input [3:0] b, output [4:0] s);\n  assign s = a + b;\nendmodule"


@pytest.mark.parametrize("fence", ["verilog", "systemverilog", "sv", ""])
def test_fenced_block(fence: str) -> None:
    got = extract_verilog(f"Here it is:\n```{fence}\n{ADDER}\n```\nHope this helps.", "add")
    assert got.modules == ["add"] and got.top == "add" and not got.truncated
    assert got.source.strip() == ADDER and "Hope" not in got.source


def test_unfenced_code_in_prose() -> None:
    got = extract_verilog(f"Sure. The design is below.\n\n{ADDER}\n\nIt adds a and b.", "add")
    assert got.source.strip() == ADDER
    assert "code was not fenced" in got.notes


def test_several_modules_kept_and_top_picked() -> None:
    helper = "module half(input a, input b, output s);\n  assign s = a ^ b;\nendmodule"
    top = "module top_module(input a, input b, output y);\n  half h(.a(a), .b(b), .s(y));\nendmodule"
    got = extract_verilog(f"```verilog\n{helper}\n\n{top}\n```", "top_module")
    assert got.modules == ["half", "top_module"] and got.top == "top_module"
    # without the requested name, the module nobody instantiates is the top
    assert extract_verilog(f"```verilog\n{top}\n{helper}\n```", None).top == "top_module"


def test_repeated_module_keeps_last_copy() -> None:
    second = ADDER.replace("a + b", "b + a")
    got = extract_verilog(f"```verilog\n{ADDER}\n```\nCorrected:\n```verilog\n{second}\n```", "add")
    assert got.modules == ["add"] and "b + a" in got.source and "a + b" not in got.source


def test_truncated_reply_is_reported_and_closed_only_when_complete() -> None:
    cut = "```verilog\nmodule t(input clk, output reg q);\n  always @(posedge clk) begin\n    q <= ~q;\n  end\n"
    got = extract_verilog(cut, "t")
    assert got.truncated
    closed = close_truncated(got.source)
    assert closed is not None and closed.rstrip().endswith("endmodule")
    mid = extract_verilog("```verilog\nmodule t(input clk, output reg q);\n  always @(posedge clk) begin\n    q <= ", "t")
    assert mid.truncated and close_truncated(mid.source) is None


@pytest.mark.parametrize("reply", ["", "I cannot help with that.", "```python\nprint('hi')\n```", "module"])
def test_nothing_usable_is_a_format_error(reply: str) -> None:
    with pytest.raises(FormatError):
        extract_verilog(reply, "top_module")


def test_python_extraction() -> None:
    code = "import cocotb\n\n@cocotb.test()\nasync def test_a(dut):\n    assert True\n"
    assert extract_python(f"Tests:\n```python\n{code}```") == code
    with pytest.raises(FormatError, match="does not parse"):
        extract_python("```python\nimport cocotb\n@cocotb.test()\nasync def test_a(dut)\n    pass\n```")
    with pytest.raises(FormatError, match="no test"):
        extract_python("```python\nimport cocotb\nx = 1\n```")
    with pytest.raises(FormatError):
        extract_python(ADDER)


def test_verdict() -> None:
    assert verdict_of("VERDICT: TEST\n```python\n```") == "test"
    assert verdict_of("**Verdict:** design") == "design"
    assert verdict_of("no idea") is None


def test_fix_procedural_wire_variants() -> None:
    ansi = "module m(input a, output [3:0] out);\n  always @(*) out = {4{a}};\nendmodule\n"
    assert "output reg [3:0] out" in (fix_procedural_wire(ansi, "out") or "")
    explicit = ansi.replace("output [3:0]", "output wire [3:0]")
    assert "output reg [3:0] out" in (fix_procedural_wire(explicit, "out") or "")
    internal = "module m(input a, output y);\n  wire t;\n  always @(*) t = a;\n  assign y = t;\nendmodule\n"
    assert "  reg t;" in (fix_procedural_wire(internal, "t") or "")
    nonansi = "module m(a, y);\n  input a;\n  output y;\n  always @(*) y = a;\nendmodule\n"
    assert "output reg y;" in (fix_procedural_wire(nonansi, "y") or "")
    two_drivers = "module m(input a, output y);\n  wire t = a;\n  always @(*) t = a;\nendmodule\n"
    assert fix_procedural_wire(two_drivers, "t") is None
    assert declared_kind(ansi, "out") == "implicit" and declared_kind(internal, "t") == "wire"


def test_fix_sensitivity_and_test_api() -> None:
    src = "module m(input a, input b, output reg y);\n  always @(a or b)\n    y = a & b;\nendmodule\n"
    assert "always @(*)" in (fix_sensitivity(src, 3) or "")
    clocked = src.replace("@(a or b)", "@(posedge a)")
    assert fix_sensitivity(clocked, 3) is None
    code, done = fix_test_api('from cocotb.clock import Clock\nClock(dut.clk, 10, units="ns")\n    dut.a <= 1\nawait Timer(0)\n')
    assert 'unit="ns"' in code and "dut.a.value = 1" in code and "Timer(1)" in code and len(done) == 3


def test_spec_parsing() -> None:
    spec = ("Implement a module named `alu4`.\n\nPorts:\n- `input [3:0] a` — first\n- `input [3:0] b` — second\n"
            "- `output reg [4:0] y` — result\n")
    assert module_name(spec) == "alu4"
    iface = interface_from_spec(spec, None)
    assert iface is not None and iface.module == "alu4" and iface.source == "list"
    assert iface.port("y") is not None and iface.port("y").kind == "reg"  # type: ignore[union-attr]
    assert [(p.name, p.direction, p.width) for p in iface.ports] == [("a", "input", 4), ("b", "input", 4), ("y", "output", 5)]
    header = "Complete this module:\n```verilog\nmodule top_module(input [7:0] in, output [2:0] pos);\n```"
    got = interface_from_spec(header, "top_module")
    assert got is not None and [p.width for p in got.ports] == [8, 3]
    plain = "Ports:\ninput [WIDTH-1:0] a, b\noutput [WIDTH:0] sum // the sum\nparameter WIDTH = 8\n"
    got = interface_from_spec(plain, "adder")
    assert got is not None and [p.width for p in got.ports] == [8, 8, 9]
    assert interface_from_spec("Make an LED blink nicely.", None) is None


def test_spec_text_checks() -> None:
    with pytest.raises(BadInput, match="empty"):
        check_spec_text("  \n")
    with pytest.raises(BadInput, match="binary"):
        check_spec_text(b"\x7fELF\x00\x01")
    with pytest.raises(BadInput, match="UTF-8"):
        check_spec_text(b"\xff\xfe\xfa")
