"""The agent designs from the designer's half of a problem only: no reference, no judge testbench.

Runs the real loop on a problem of the built-in suite and on an invented VerilogEval-format problem,
then searches everything the run recorded (prompts, replies, candidates, tests, every file in the
run directory) for the reference design and the judge's testbench.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from veriagent.agent.loop import run_agent
from veriagent.agent.trace import read_trace
from veriagent.bench.suite import load_suite
from veriagent.config import AgentConfig
from veriagent.llm.registry import get_backend

pytestmark = pytest.mark.sim
REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "datasets" / "hdlbits-style"


def _norm(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return " ".join(text.split())


def _distinctive_lines(ref: str) -> list[str]:
    """Body lines of the reference that a design written from the spec would hardly repeat verbatim."""
    out = []
    for line in ref.splitlines():
        n = _norm(line)
        if len(n) < 25 or re.match(r"^(module|input|output|inout|endmodule|\)|parameter|localparam)\b", n):
            continue
        out.append(n)
    return out


def _recorded_text(run_dir: Path) -> str:
    texts = []
    for e in read_trace(run_dir):
        if e["event"] == "llm":
            texts += [m["content"] for m in e["messages"]] + [e["reply"]]
        elif e["event"] in ("candidate",):
            texts.append(e["rtl"])
        elif e["event"] in ("testfile",):
            texts.append(e["code"])
        elif e["event"] in ("start", "feedback"):
            texts.append(str(e.get("spec", "")) + str(e.get("text", "")))
    for f in run_dir.rglob("*"):
        if f.is_file() and f.suffix in (".v", ".sv", ".py", ".json", ".jsonl", ".txt"):
            texts.append(f.read_text(errors="replace"))
    return "\n".join(_norm(t) for t in texts)


def test_no_reference_in_builtin_suite_run(tmp_path: Path) -> None:
    suite = load_suite(SUITE)
    problem = next(p for p in suite.problems if p.id == "counter_mod12")
    assert problem.ref_path is not None
    ref = problem.ref_path.read_text()
    view = problem.designer_view()
    assert "ref" not in view.model_dump_json().lower().replace("prefer", "")
    # The whole loop: tests written from the spec, a draft, feedback from failing tests, judging, repair.
    from veriagent.agent.fake_rtl import tie_outputs_module
    from veriagent.agent.spec import interface_from_spec
    from veriagent.llm.replay import ReplayBackend, Scripted

    iface = interface_from_spec(view.spec, view.top, view.interface_header)
    assert iface is not None
    design = "```verilog\n" + (tie_outputs_module(iface.header()) or "") + "```"
    outs = ", ".join(f'"{p.name}": 1' for p in iface.outputs())
    tests = f"```python\nclass Model:\n    def step(self, i):\n        pass\n\n    def outputs(self, i):\n        return {{{outs}}}\n```"
    backend = ReplayBackend([Scripted(tests), Scripted(design)] + [Scripted("VERDICT: DESIGN\n" + design)] * 3)
    run = tmp_path / "run"
    res = run_agent(view, backend, AgentConfig(samples=1, models=1, max_iters=3), run)
    assert res.rtl and res.iterations == 3 and res.status == "budget-exhausted"
    purposes = {e["purpose"] for e in read_trace(run) if e["event"] == "llm"}
    assert {"write-tests", "draft", "judge"} <= purposes
    recorded = _recorded_text(run)
    assert _norm(problem.spec)[:200] in recorded  # the spec did reach the model (the check looks at the right text)
    assert _norm(ref) not in recorded
    leaked = [ln for ln in _distinctive_lines(ref) if ln in recorded]
    assert not leaked, leaked


def test_no_reference_or_testbench_in_verilogeval_format_run(tmp_path: Path) -> None:
    suite_dir = tmp_path / "ve"
    suite_dir.mkdir()
    (suite_dir / "Prob001_mix_prompt.txt").write_text(
        "Build a circuit whose output y is the XOR of a and the inverse of b.\n\n"
        "module TopModule (\n  input a,\n  input b,\n  output y\n);\n")
    (suite_dir / "Prob001_mix_ref.sv").write_text(
        "module RefModule (input a, input b, output y);\n"
        "  wire ref_only_inverse_of_b_7f3a = ~b;  // REFERENCE-ONLY-MARKER\n"
        "  assign y = a ^ ref_only_inverse_of_b_7f3a;\nendmodule\n")
    (suite_dir / "Prob001_mix_test.sv").write_text(
        "module tb();\n  // TESTBENCH-ONLY-MARKER judge_stimulus_91c2\n  reg a, b; wire y;\n"
        "  TopModule dut(.a(a), .b(b), .y(y));\nendmodule\n")
    problem = load_suite(suite_dir).problems[0]
    assert problem.testbench_path is not None and problem.ref_path is not None
    run = tmp_path / "run"
    res = run_agent(problem.designer_view(), get_backend("fake:echo-ports"), AgentConfig(samples=1, models=1, self_test=False), run)
    assert res.rtl and "module TopModule" in res.rtl
    everything = "\n".join(f.read_text(errors="replace") for f in run.rglob("*") if f.is_file())
    for marker in ("REFERENCE-ONLY-MARKER", "ref_only_inverse_of_b_7f3a", "RefModule",
                   "TESTBENCH-ONLY-MARKER", "judge_stimulus_91c2"):
        assert marker not in everything, marker
