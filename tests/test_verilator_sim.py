"""Valid SystemVerilog that Icarus 11 cannot take is simulated with Verilator through cocotb 2.x
(issue 15), and the run records which simulator ran the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from veriagent.hdl import tools
from veriagent.sim.cocotb_run import run_cocotb, run_verilator

pytestmark = [pytest.mark.sim,
              pytest.mark.skipif(tools.locate("verilator") is None, reason="verilator not installed")]

EXE = Path(sys.executable).with_name("veriagent")
# valid (slang and Verilator accept it); Icarus 11: "sorry: This cast operation is not yet supported"
FSM = """module fsm2(input logic clk, input logic rst, input logic go, output logic [1:0] st);
  typedef enum logic [1:0] {IDLE, RUN, DONE} state_t;
  state_t state, next;
  always_ff @(posedge clk) if (rst) state <= IDLE; else state <= next;
  always_comb begin
    case (state)
      IDLE: next = go ? RUN : IDLE;
      RUN: next = state_t'(state + 2'd1);
      default: next = IDLE;
    endcase
  end
  assign st = state;
endmodule
"""
TEST = '''import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge, Timer


@cocotb.test()
async def walks_the_states(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value = 1
    dut.go.value = 0
    await RisingEdge(dut.clk)
    await RisingEdge(dut.clk)
    dut.rst.value = 0
    dut.go.value = 1
    seen = []
    for _ in range(4):
        await RisingEdge(dut.clk)
        await Timer(1, unit="ns")
        seen.append(int(dut.st.value))
    assert seen == [1, 2, 0, 1], seen
'''
SPEC = """Implement a module named `fsm2`: a three-state FSM IDLE -> RUN (when `go`) -> DONE -> IDLE,
synchronous active-high reset to IDLE; `st` is the state (IDLE 0, RUN 1, DONE 2).

Ports:
- `input clk`
- `input rst`
- `input go`
- `output [1:0] st`
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    design = tmp_path / "fsm2.sv"
    design.write_text(FSM)
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_fsm2.py").write_text(TEST)
    return design, tests


def test_icarus_limit_falls_back_to_verilator(tmp_path: Path) -> None:
    design, tests = _files(tmp_path)
    icarus = run_cocotb([design], "fsm2", "test_fsm2", tests, build_dir=tmp_path / "b1", simulator="icarus")
    assert not icarus.compiled and icarus.category == "tool-limit" and icarus.simulator == "icarus"
    res = run_cocotb([design], "fsm2", "test_fsm2", tests, build_dir=tmp_path / "b2")
    assert res.passed and res.simulator == "verilator", res.error + res.log[-2000:]
    assert [t.name for t in res.tests] == ["walks_the_states"]
    wrong = tmp_path / "wrong.sv"  # the Verilator run really judges the design
    wrong.write_text(FSM.replace("state_t'(state + 2'd1)", "state_t'(state + 2'd2)"))
    bad = run_cocotb([wrong], "fsm2", "test_fsm2", tests, build_dir=tmp_path / "b3")
    assert bad.simulator == "verilator" and not bad.passed and bad.category == "functional-mismatch"


def test_verilator_build_failure_is_a_compile_error_of_the_verilator_run(tmp_path: Path) -> None:
    design, tests = _files(tmp_path)
    design.write_text(FSM.replace("assign st = state;", "assign st = nosuch;"))
    res = run_verilator([design], "fsm2", "test_fsm2", tests, build_dir=tmp_path / "b", timeout=120)
    assert (res.compiled, res.passed, res.tests, res.simulator) == (False, False, [], "verilator")
    assert res.category == "compile-error" and not res.timed_out
    assert res.error.startswith("Verilator compile failed: %Error") and "nosuch" in res.error, res.error


def test_repair_verifies_a_valid_sv_design_icarus_cannot_simulate(tmp_path: Path) -> None:
    design, tests = _files(tmp_path)
    spec = tmp_path / "fsm2.md"
    spec.write_text(SPEC)
    replies = tmp_path / "r.json"
    replies.write_text(json.dumps(["```verilog\n" + FSM + "```"]))  # verified as given: never asked for
    proc = subprocess.run([str(EXE), "repair", str(design), "--spec", str(spec), "--tests", str(tests),
                           "--model", f"replay:{replies}", "--runs-dir", str(tmp_path / "runs"), "--json"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["verified"] and result["tests_passed"] == 1 and result["iterations"] == 1
    assert result["completion_tokens"] == 0  # the design was verified as given
    events = [json.loads(ln) for ln in Path(result["trace_path"]).read_text().splitlines()]
    (tests_event,) = [e for e in events if e["event"] == "tests"]
    assert tests_event["simulator"] == "verilator"  # recorded per run
    assert '"verilator"' in (Path(result["run_dir"]) / "run_tests.py").read_text()
