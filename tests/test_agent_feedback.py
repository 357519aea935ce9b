"""Feedback messages built from real tool output: concrete, located, actionable."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.agent.feedback import check_feedback, failing_rows, is_test_bug, sim_feedback
from veriagent.agent.repair import mechanical_fixes
from veriagent.agent.spec import interface_from_spec
from veriagent.hdl.check import check_source
from veriagent.sim.cocotb_run import run_cocotb

pytestmark = pytest.mark.sim

SPEC = "Module named `top_module`.\n- `input a`\n- `input b`\n- `output out`\n- `output [1:0] q`\n"


def test_wire_driven_in_always_gets_a_concrete_fix() -> None:
    src = ("module top_module(input a, input b, output out, output [1:0] q);\n"
           "  always @(*) begin\n    out = a & b;\n  end\n  assign q = {a, b};\nendmodule\n")
    iface = interface_from_spec(SPEC, "top_module")
    check = check_source(src, "top_module", filename="design.v")
    assert not check.ok
    text = check_feedback(check, src, iface)
    assert "`out` is driven inside an always block but declared as a wire" in text
    assert "`output reg out`" in text and "`assign`" in text
    assert ">>   3 |     out = a & b;" in text
    assert "keep it exactly: input a, input b, output out, output [1:0] q" in text
    assert "$ iverilog -g2012" in text
    fixed, notes = mechanical_fixes(src, check.errors)
    assert notes and check_source(fixed, "top_module", filename="design.v").ok


def test_undeclared_identifier_suggests_the_close_name() -> None:
    src = "module top_module(input a, input b, output out, output [1:0] q);\n  assign out = a & bb;\n  assign q = 0;\nendmodule\n"
    check = check_source(src, "top_module", filename="design.v")
    text = check_feedback(check, src, interface_from_spec(SPEC, "top_module"))
    assert "`bb` is used but never declared" in text and "Did you mean `b`?" in text


def test_interface_differences_are_reported() -> None:
    src = "module top_module(input a, input b, output out);\n  assign out = a & b;\nendmodule\n"
    check = check_source(src, "top_module", filename="design.v")
    text = check_feedback(check, src, interface_from_spec(SPEC, "top_module"), ["missing port `output [1:0] q`"])
    assert "missing port `output [1:0] q`" in text and "keep it exactly" not in text


def test_functional_failure_feedback_from_a_real_run(tmp_path: Path) -> None:
    (tmp_path / "design.v").write_text("module top_module(input [3:0] a, output [3:0] y);\n  assign y = a + 1;\nendmodule\n")
    (tmp_path / "test_design.py").write_text(
        "import cocotb\nfrom cocotb.triggers import Timer\n\n@cocotb.test()\nasync def test_copy(dut):\n"
        "    for a in range(4):\n        dut.a.value = a\n        await Timer(1, unit='ns')\n"
        "        got = int(dut.y.value)\n        assert got == a, f'a={a}: expected {a}, got {got}'\n\n"
        "@cocotb.test()\nasync def test_typo(dut):\n    dut.nosuch.value = 1\n")
    sim = run_cocotb([tmp_path / "design.v"], "top_module", "test_design", tmp_path, build_dir=tmp_path / "b")
    assert not sim.passed
    assert failing_rows(sim)[0] == ("test_copy", "a=0", "0", "1")
    iface = interface_from_spec("Module named `top_module`.\n- `input [3:0] a`\n- `output [3:0] y`\n", "top_module")
    text = sim_feedback(sim, (tmp_path / "design.v").read_text(), iface)
    assert "| test_copy | a=0 | 0 | 1 |" in text
    assert "Lines that drive `y`:\n     2 |   assign y = a + 1;" in text
    assert not is_test_bug(sim)  # one failure is a wrong value: the design may be at fault
    only_typo = sim.model_copy(update={"tests": [t for t in sim.tests if t.name == "test_typo"]})
    assert is_test_bug(only_typo)


def test_unknown_output_gets_the_x_hint(tmp_path: Path) -> None:
    (tmp_path / "design.v").write_text(
        "module top_module(input clk, input [3:0] a, output reg [3:0] y);\n  reg [3:0] r = 4'd0;\n"
        "  always @(posedge clk) r <= r;\n  always @(*) y = r;\nendmodule\n")
    (tmp_path / "test_design.py").write_text(
        "import cocotb\nfrom cocotb.clock import Clock\nfrom cocotb.triggers import RisingEdge, Timer\n\n"
        "@cocotb.test()\nasync def test_zero(dut):\n    cocotb.start_soon(Clock(dut.clk, 10, unit='ns').start())\n"
        "    dut.a.value = 0\n    await RisingEdge(dut.clk)\n    await Timer(1, unit='ns')\n"
        "    got = str(dut.y.value)\n    assert got == '0000', f'cycle 0 a=0: expected y=0000, got y={got}'\n")
    sim = run_cocotb([tmp_path / "design.v"], "top_module", "test_design", tmp_path, build_dir=tmp_path / "b")
    text = sim_feedback(sim, (tmp_path / "design.v").read_text(), None)
    assert "got y=XXXX" in text and "X/Z (unknown)" in text and "assert got" not in text
