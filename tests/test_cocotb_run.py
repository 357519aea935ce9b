"""Tests for veriagent.sim.cocotb_run: real Icarus + cocotb runs on tiny designs."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.sim.cocotb_run import compile_category, read_results, run_cocotb

AND2 = "module and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n"
OR2_AS_AND2 = "module and2(input a, input b, output y);\n  assign y = a | b;\nendmodule\n"
TESTS = '''
import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def truth_table(dut):
    for a in (0, 1):
        for b in (0, 1):
            dut.a.value = a
            dut.b.value = b
            await Timer(1, unit="ns")
            assert int(dut.y.value) == (a & b), f"a={a} b={b} y={dut.y.value}"


@cocotb.test()
async def idle(dut):
    await Timer(1, unit="ns")
'''


def _setup(tmp_path: Path, design: str) -> tuple[Path, Path]:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_and2.py").write_text(TESTS)
    src = tmp_path / "and2.v"
    src.write_text(design)
    return src, tmp_path / "tests"


@pytest.mark.sim
def test_pass_and_waves(tmp_path: Path) -> None:
    src, tdir = _setup(tmp_path, AND2)
    res = run_cocotb([src], "and2", "test_and2", tdir, build_dir=tmp_path / "b", timeout=60, waves=True)
    assert res.passed and res.category is None and res.compiled
    assert [t.name for t in res.tests] == ["truth_table", "idle"]
    assert all(t.passed for t in res.tests)
    assert res.vcd is not None and "$var" in Path(res.vcd).read_text()


@pytest.mark.sim
def test_functional_failure_even_when_design_prints_pass(tmp_path: Path) -> None:
    design = OR2_AS_AND2.replace("endmodule", 'initial $display("TESTS=2 PASS=2 FAIL=0");\nendmodule')
    src, tdir = _setup(tmp_path, design)
    res = run_cocotb([src], "and2", "test_and2", tdir, build_dir=tmp_path / "b", timeout=60)
    assert not res.passed
    assert res.category == "functional-mismatch"
    assert [t.passed for t in res.tests] == [False, True]
    assert "truth_table" in res.error and "a=0 b=1" in res.tests[0].message


@pytest.mark.sim
def test_compile_error(tmp_path: Path) -> None:
    src, tdir = _setup(tmp_path, "module and2(input a, input b, output y);\n  assign y = a & ;\nendmodule\n")
    res = run_cocotb([src], "and2", "test_and2", tdir, build_dir=tmp_path / "b", timeout=60)
    assert not res.compiled and res.category == "compile-error"
    assert "syntax error" in res.log


@pytest.mark.sim
def test_timeout_kills_zero_delay_loop(tmp_path: Path) -> None:
    design = "module and2(input a, input b, output y);\n  reg t = 0;\n  always @(a) while (1) t = ~t;\n  assign y = a & b;\nendmodule\n"
    src, tdir = _setup(tmp_path, design)
    res = run_cocotb([src], "and2", "test_and2", tdir, build_dir=tmp_path / "b", timeout=4)
    assert res.timed_out and res.category == "timeout" and not res.passed
    assert res.seconds < 30


@pytest.mark.sim
def test_no_tests_is_runtime_error(tmp_path: Path) -> None:
    src, tdir = _setup(tmp_path, AND2)
    (tdir / "test_empty.py").write_text("x = 1\n")
    res = run_cocotb([src], "and2", "test_empty", tdir, build_dir=tmp_path / "b", timeout=60)
    assert not res.passed and res.category == "runtime-error"


@pytest.mark.sim
def test_fatal_in_design_is_not_a_pass(tmp_path: Path) -> None:
    design = AND2.replace("endmodule", "initial $fatal(1, \"boom\");\nendmodule")
    src, tdir = _setup(tmp_path, design)
    res = run_cocotb([src], "and2", "test_and2", tdir, build_dir=tmp_path / "b", timeout=60)
    assert not res.passed
    assert res.category in ("runtime-error", "functional-mismatch")


def test_compile_category_and_results_parser(tmp_path: Path) -> None:
    assert compile_category("d.v:3: sorry: constant selects in always_* processes are not currently supported") == "tool-limit"
    assert compile_category("d.v:3: syntax error\nI give up.") == "compile-error"
    xml = tmp_path / "r.xml"
    xml.write_text(
        '<testsuites><testsuite name="x"><testcase name="a" time="0.5"/>'
        '<testcase name="b"><failure message="boom"/></testcase>'
        '<testcase name="c"><skipped/></testcase></testsuite></testsuites>'
    )
    cases = read_results(xml)
    # a skipped test did not run, so it did not pass
    assert [(c.name, c.passed, c.skipped) for c in cases] == [("a", True, False), ("b", False, False),
                                                              ("c", False, True)]
    assert cases[1].message == "boom" and cases[0].seconds == 0.5 and cases[2].message.startswith("skipped")


@pytest.mark.sim
def test_all_tests_skipped_is_not_a_pass(tmp_path: Path) -> None:
    """A user test file whose tests all skip proves nothing about the design (real cocotb run)."""
    src, tdir = _setup(tmp_path, OR2_AS_AND2)
    (tdir / "test_skip.py").write_text(TESTS.replace("@cocotb.test()", "@cocotb.test(skip=True)"))
    res = run_cocotb([src], "and2", "test_skip", tdir, build_dir=tmp_path / "b", timeout=60)
    assert [(t.name, t.passed, t.skipped) for t in res.tests] == [("truth_table", False, True), ("idle", False, True)]
    assert not res.passed and res.category == "runtime-error" and "2 of 2 test(s) skipped" in res.error
