"""The generate loop end to end with scripted (replay:) and fake: backends and the real simulator."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from veriagent.agent.loop import run_agent
from veriagent.agent.trace import read_trace
from veriagent.agent.view import DesignerView
from veriagent.bench.agent_source import make_generator
from veriagent.config import AgentConfig, load_settings
from veriagent.llm.registry import get_backend
from veriagent.llm.replay import ReplayBackend, Scripted

REPO = Path(__file__).resolve().parent.parent
COUNTER_SPEC = (REPO / "examples" / "specs" / "counter.md").read_text()

GOOD_COUNTER = """```verilog
module counter(input clk, input reset, input en, input up, output reg [3:0] count);
  always @(posedge clk) begin
    if (reset) count <= 4'd0;
    else if (en) count <= up ? count + 4'd1 : count - 4'd1;
  end
endmodule
```"""
# counts up only: compiles, fails a test that counts down
UP_ONLY = GOOD_COUNTER.replace("up ? count + 4'd1 : count - 4'd1", "count + 4'd1")
COUNTER_TESTS = '''```python
import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge, FallingEdge, Timer

@cocotb.test()
async def test_up_down(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.reset.value = 1
    dut.en.value = 0
    dut.up.value = 1
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.reset.value = 0
    model = 0
    for up in [1, 1, 1, 0, 0, 0, 0, 1]:
        dut.en.value = 1
        dut.up.value = up
        await RisingEdge(dut.clk)
        await Timer(1, unit="ns")
        model = (model + (1 if up else -1)) % 16
        got = int(dut.count.value)
        assert got == model, f"up={up}: expected {model}, got {got}"
        await FallingEdge(dut.clk)
```'''

COUNTER_MODEL = """```python
class Model:
    def __init__(self):
        self.count = 0

    def step(self, i):
        if i["reset"]:
            self.count = 0
        elif i["en"]:
            self.count = (self.count + (1 if i["up"] else -1)) % 16

    def outputs(self, i):
        return {"count": self.count}
```"""

AND_SPEC = """Implement a module named `and2`: `y` is the AND of `a` and `b`.

Ports:
- `input a` — first input
- `input b` — second input
- `output y` — a AND b
"""


def _replay(tmp_path: Path, replies: list[str]) -> ReplayBackend:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(replies))
    backend = get_backend(f"replay:{path}")
    assert isinstance(backend, ReplayBackend)
    return backend


def _view(spec: str = COUNTER_SPEC, top: str = "counter") -> DesignerView:
    return DesignerView(id="t", spec=spec, top=top)


@pytest.mark.sim
def test_compile_error_repaired_by_the_model(tmp_path: Path) -> None:
    broken = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b\nendmodule\n```"
    fixed = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n```"
    backend = _replay(tmp_path, [broken, fixed])
    res = run_agent(_view(AND_SPEC, "and2"), backend, AgentConfig(samples=1, models=1, self_test=False), tmp_path / "run")
    # clean after one repair; with no tests it is "untested", never "verified"
    assert res.status == "untested" and not res.verified and res.iterations == 2
    assert backend.remaining == 0
    events = read_trace(tmp_path / "run")
    feedback = next(e["text"] for e in events if e["event"] == "feedback")
    assert re.search(r"design\.v:2:", feedback) and ">>" in feedback and "Fix:" in feedback
    assert "keep it exactly: input a, input b, output y" in feedback
    repair_prompt = [e for e in events if e["event"] == "llm"][1]["messages"][-1]["content"]
    assert "assign y = a & b\n" in repair_prompt  # the current code goes back to the model
    assert (tmp_path / "run" / "design.v").read_text().count("a & b;") == 1


@pytest.mark.sim
def test_verdict_names_lint_warnings_of_a_clean_design(tmp_path: Path) -> None:
    clean = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n```"
    warn = clean.replace("a & b;", "(a & b) ? 2'd1 : 2'd0;")  # right, but truncates 2 bits to 1
    res = run_agent(_view(AND_SPEC, "and2"), _replay(tmp_path, [clean]), AgentConfig(samples=1, models=1, self_test=False),
                    tmp_path / "clean")
    assert res.status == "untested" and "compiles, lints clean," in res.reason and "no tests run" in res.reason
    res = run_agent(_view(AND_SPEC, "and2"), _replay(tmp_path, [warn]),
                    AgentConfig(samples=1, models=1, self_test=False, repeat_penalty=1.1), tmp_path / "warn")
    llm = next(e for e in read_trace(tmp_path / "warn") if e["event"] == "llm")
    assert llm["repeat_penalty"] == 1.1 and llm["temperature"] == 0.0  # the call's parameters are traced
    assert res.status == "untested" and "lints clean" not in res.reason
    assert "lints without errors (1 warning(s); first: design.v:2:" in res.reason and "WIDTH" in res.reason


@pytest.mark.sim
def test_verdict_names_spec_examples_it_could_not_check(tmp_path: Path) -> None:
    spec = ("Implement a module named `lt8`: `lt` is 1 when `a` is less than `b`, as unsigned numbers.\n"
            "So `8'h01` is less than `8'hFF` and then `lt` is 1.\n\n"
            "Ports:\n- `input [7:0] a`\n- `input [7:0] b`\n- `output lt`\n")
    good = "```verilog\nmodule lt8(input [7:0] a, input [7:0] b, output lt);\n  assign lt = a < b;\nendmodule\n```"
    res = run_agent(_view(spec, "lt8"), _replay(tmp_path, [good]), AgentConfig(samples=1, models=1, self_test=False),
                    tmp_path / "run")
    assert res.status == "untested" and "lints clean" in res.reason
    assert "1 example(s) in the spec could not be placed and were not checked (line 1)" in res.reason  # its paragraph
    ev = next(e for e in read_trace(tmp_path / "run") if e["event"] == "examples")
    assert ev["count"] == 0 and ev["unplaced"][0]["text"] == "`8'h01` is less than `8'hFF`"


@pytest.mark.sim
def test_no_usable_self_tests_is_untested_not_verified(tmp_path: Path) -> None:
    backend = _replay(tmp_path, ["I cannot write tests."] * 3 + [GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    assert res.status == "untested" and not res.verified and backend.remaining == 0
    assert res.tests_source == "none" and "the model wrote no usable test file" in res.reason
    assert (tmp_path / "run" / "design.v").is_file()  # the design is still handed back


@pytest.mark.sim
def test_design_copied_back_unchanged_leads_to_a_fresh_draft(tmp_path: Path) -> None:
    broken = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b\nendmodule\n```"
    fixed = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n```"
    backend = _replay(tmp_path, [broken, broken, fixed])
    res = run_agent(_view(AND_SPEC, "and2"), backend, AgentConfig(samples=1, models=1, self_test=False), tmp_path / "run")
    assert res.status == "untested" and res.iterations == 3 and backend.remaining == 0
    llm = [e for e in read_trace(tmp_path / "run") if e["event"] == "llm"]
    assert [e["purpose"] for e in llm] == ["draft", "repair-check", "redraft"]
    redraft = llm[2]["messages"][-1]["content"]
    assert "An earlier design for this module was rejected" in redraft and "`assign y = a & b`" in redraft
    assert "Current code" not in redraft  # a new design from the spec, not another copy request
    assert llm[0]["messages"][-1]["content"].rstrip().endswith("ending with `endmodule`.")


@pytest.mark.sim
def test_procedural_assign_to_wire_fixed_mechanically(tmp_path: Path) -> None:
    draft = ("```verilog\nmodule and2(input a, input b, output y);\n  always @(*) begin\n    y = a & b;\n"
             "  end\nendmodule\n```")
    backend = _replay(tmp_path, [draft])
    res = run_agent(_view(AND_SPEC, "and2"), backend, AgentConfig(samples=1, models=1, self_test=False), tmp_path / "run")
    assert res.status == "untested" and res.iterations == 1 and len(backend.calls) == 1  # no model call for the fix
    assert any("declared it reg" in r for r in res.repairs_applied)
    assert "output reg y" in (res.rtl or "")
    events = read_trace(tmp_path / "run")
    assert any(e["event"] == "repair" and e["kind"] == "mechanical" for e in events)


@pytest.mark.sim
def test_functional_mismatch_found_by_self_tests_and_repaired(tmp_path: Path) -> None:
    backend = _replay(tmp_path, [COUNTER_MODEL, UP_ONLY, "VERDICT: DESIGN\n" + GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    assert res.status == "verified" and res.iterations == 2 and res.tests_source == "agent"
    assert res.tests_passed == res.tests_total == 2
    assert [h["verified"] for h in res.history] == [False, True]
    events = read_trace(tmp_path / "run")
    fb = next(e["text"] for e in events if e["event"] == "feedback")
    assert re.search(r"up=0 \(outputs before: count=\d+\): expected count=\d+, got count=\d+", fb)
    assert "| test | inputs | expected | actual |" in fb and "Lines that drive `count`" in fb
    # the tests were written from the spec before any design existed
    first = next(e for e in events if e["event"] == "llm")
    assert first["purpose"] == "write-tests" and "output [3:0] count" in first["messages"][-1]["content"]
    assert "always @" not in first["messages"][-1]["content"]
    run = tmp_path / "run"
    assert {"design.v", "test_design.py", "report.json", "trace.jsonl"} <= {p.name for p in run.iterdir()}
    assert json.loads((run / "report.json").read_text())["status"] == "verified"


@pytest.mark.sim
def test_budget_exhausted_keeps_best_candidate(tmp_path: Path) -> None:
    judge_keeps_design = "VERDICT: DESIGN\n" + UP_ONLY
    backend = _replay(tmp_path, [COUNTER_MODEL, UP_ONLY, judge_keeps_design, judge_keeps_design])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1, max_iters=2), tmp_path / "run")
    assert res.status == "budget-exhausted" and not res.verified
    assert "2 iterations" in res.reason and res.iterations == 2
    assert res.rtl is not None and "count + 4'd1" in res.rtl
    assert (tmp_path / "run" / "design.v").read_text() == res.rtl


@pytest.mark.sim
def test_token_budget(tmp_path: Path) -> None:
    replies = [Scripted(UP_ONLY, prompt_tokens=900, completion_tokens=200)] * 5
    res = run_agent(_view(), ReplayBackend(replies), AgentConfig(samples=1, models=1, max_tokens=1000, self_test=False, max_iters=5),
                    tmp_path / "run")
    # the draft compiles clean and nothing tests it: "untested" (not verified) after one call, within the budget
    assert res.status == "untested" and not res.verified and res.prompt_tokens == 900
    res2 = run_agent(_view(), ReplayBackend([Scripted("no code", 900, 200)] * 5),
                     AgentConfig(samples=1, models=1, max_tokens=1000, self_test=False), tmp_path / "run2")
    assert res2.status == "budget-exhausted" and "token budget" in res2.reason


def test_malformed_replies_stop_after_max_malformed(tmp_path: Path) -> None:
    backend = get_backend("fake:empty")
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1, max_malformed=3, self_test=False), tmp_path / "run")
    assert res.status == "failed" and not res.verified and res.rtl is None
    assert "3 replies in a row had no usable code" in res.reason
    events = read_trace(tmp_path / "run")
    assert sum(e["event"] == "llm" for e in events) == 3
    assert sum(e["event"] == "error" and e["kind"] == "format" for e in events) == 3


def test_reply_that_never_ends(tmp_path: Path) -> None:
    res = run_agent(_view(), get_backend("fake:loop"), AgentConfig(samples=1, models=1, max_malformed=2, max_reply_tokens=64,
                                                                     self_test=False), tmp_path / "run")
    assert res.status == "failed" and "no usable code" in res.reason


@pytest.mark.sim
def test_user_tests_dir(tmp_path: Path) -> None:
    tests = tmp_path / "mytests"
    tests.mkdir()
    (tests / "test_counter.py").write_text(COUNTER_TESTS.split("```python\n")[1].split("```")[0])
    backend = _replay(tmp_path, [UP_ONLY, GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run", user_tests=tests)
    assert res.verified and res.tests_source == "user" and res.iterations == 2
    purposes = [e["purpose"] for e in read_trace(tmp_path / "run") if e["event"] == "llm"]
    assert purposes == ["draft", "repair-tests"]  # no self-written tests, no judging of the user's tests
    assert res.tests_path == str(tests) and not (tmp_path / "run" / "test_design.py").exists()


def test_spec_without_interface_and_model_without_one(tmp_path: Path) -> None:
    res = run_agent(DesignerView(id="x", spec="Make an LED blink nicely.", top=""), get_backend("fake:empty"),
                    AgentConfig(samples=1, models=1), tmp_path / "run")
    assert res.status == "error" and "names no interface" in res.reason


@pytest.mark.sim
def test_single_shot_and_bench_generator(tmp_path: Path) -> None:
    replies = tmp_path / "r.json"
    replies.write_text(json.dumps([UP_ONLY, "nothing"]))
    settings = load_settings()
    gen = make_generator(f"replay:{replies}", agent=False, settings=settings, traces_dir=tmp_path / "traces")
    cand = gen(_view(), 0)
    assert cand.error is None and cand.source and "module counter" in cand.source
    # compiles clean, but single-shot runs no tests: not self-verified
    assert cand.iterations == 1 and cand.tokens > 0 and not cand.self_verified
    assert Path(cand.trace_dir or "", "trace.jsonl").is_file()
    bad = make_generator("nosuch:model", agent=True, settings=settings, traces_dir=tmp_path / "t2")(_view(), 0)
    assert bad.source is None and bad.error and "unknown model scheme" in bad.error


@pytest.mark.sim
def test_samples_ranked_by_checks(tmp_path: Path) -> None:
    broken = GOOD_COUNTER.replace("count <= 4'd0;", "count <= 4'd0")
    backend = _replay(tmp_path, [broken, GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(models=1, samples=2, self_test=False), tmp_path / "run")
    assert res.status == "untested" and res.iterations == 1 and len(res.history) == 2
    assert [h["errors"] > 0 for h in res.history] == [True, False]


@pytest.mark.sim
def test_wrong_reference_model_is_judged_and_rewritten(tmp_path: Path) -> None:
    wrong_model = COUNTER_MODEL.replace("(1 if i[\"up\"] else -1)", "1")  # ignores `up`
    backend = _replay(tmp_path, [wrong_model, GOOD_COUNTER, "VERDICT: TEST\n" + COUNTER_MODEL])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    assert res.verified and res.iterations == 2
    events = read_trace(tmp_path / "run")
    assert [e["version"] for e in events if e["event"] == "testfile"] == [1, 2]
    assert any(e["event"] == "repair" and "test disagrees" in e["description"] for e in events)
    assert "class Model" in (tmp_path / "run" / "test_design.py").read_text()


@pytest.mark.sim
def test_crashing_reference_model_goes_to_fix_tests(tmp_path: Path) -> None:
    crashing = COUNTER_MODEL.replace('i["en"]', 'i["enable"]')  # KeyError: no such port
    backend = _replay(tmp_path, [crashing, GOOD_COUNTER, COUNTER_MODEL])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    purposes = [e["purpose"] for e in read_trace(tmp_path / "run") if e["event"] == "llm"]
    assert purposes == ["write-tests", "draft", "fix-tests"] and res.verified


@pytest.mark.sim
def test_x_output_from_always_star_copy_fixed_mechanically(tmp_path: Path) -> None:
    # what the 1.5B model wrote for the counter: correct logic, but `count` stays X in Icarus
    draft = """```verilog
module counter(input clk, input reset, input en, input up, output reg [3:0] count);
    reg [3:0] count_reg = 4'b0000;
    always @(posedge clk) begin
        if (reset) count_reg <= 4'b0000;
        else if (en) count_reg <= up ? count_reg + 1'b1 : count_reg - 1'b1;
    end
    always @(*) begin
        count = count_reg;
    end
endmodule
```"""
    backend = _replay(tmp_path, [COUNTER_MODEL, draft])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    assert res.verified and res.iterations == 1 and backend.remaining == 0
    assert any("always_comb" in r for r in res.repairs_applied) and "always_comb" in (res.rtl or "")


THERM_SPEC = """Implement a module named `therm` (combinational): a thermometer code.

- `input [1:0] level` — how many bars
- `output [2:0] bars` — the `level` least significant bits are 1

For example `level = 2` gives `bars = 3'b011`, and `level = 3` gives `bars = 3'b111`.
"""
THERM_GOOD = "```verilog\nmodule therm(input [1:0] level, output [2:0] bars);\n" \
             "  assign bars = (3'b1 << level) - 3'b1;\nendmodule\n```"
THERM_WRONG = "```verilog\nmodule therm(input [1:0] level, output [2:0] bars);\n" \
              "  assign bars = {1'b0, level};\nendmodule\n```"
THERM_MODEL_GOOD = "```python\ndef model(i):\n    return {'bars': (1 << i['level']) - 1}\n```"
THERM_MODEL_WRONG = "```python\ndef model(i):\n    return {'bars': i['level']}\n```"


@pytest.mark.sim
def test_model_that_contradicts_the_spec_example_is_not_trusted(tmp_path: Path) -> None:
    # The design agrees with the model and both misread the spec: before the spec's own examples were
    # checked this ended "verified". Now the model is caught by the example, rewritten, and the design repaired.
    backend = _replay(tmp_path, [THERM_MODEL_WRONG, THERM_WRONG, THERM_MODEL_GOOD, THERM_GOOD])
    res = run_agent(_view(THERM_SPEC, "therm"), backend, AgentConfig(samples=1, models=1, max_iters=4), tmp_path / "run")
    events = read_trace(tmp_path / "run")
    first = next(e for e in events if e["event"] == "tests")
    assert not first["passed"]
    assert any("reference model contradicts the spec" in (t["message"] or "") for t in first["tests"])
    assert [e["purpose"] for e in events if e["event"] == "llm"] == ["write-tests", "draft", "fix-tests", "repair-tests"]
    assert res.verified and res.spec_examples == 2 and "(3'b1 << level)" in (res.rtl or "")
    ex = next(e for e in events if e["event"] == "examples")
    assert ex["count"] == 2 and ex["examples"][0]["outputs"] == {"bars": 3}


@pytest.mark.sim
def test_design_that_fails_a_spec_example_is_not_verified_single_model(tmp_path: Path) -> None:
    # model and design agree with each other but not with the spec; nothing else left in the budget
    backend = _replay(tmp_path, [THERM_MODEL_WRONG, THERM_WRONG])
    res = run_agent(_view(THERM_SPEC, "therm"), backend, AgentConfig(samples=1, models=1, max_iters=1), tmp_path / "run")
    assert not res.verified and res.status != "verified"


CONFLICT_SPEC = """Implement a module named `pick`.

- input [3:0] a
- input sel
- output [3:0] y

| Name | Direction | Width |
|------|-----------|-------|
| a    | input     | 8     |
| sel  | input     | 1     |
| y    | output    | 4     |
"""


def test_interface_contradicting_its_spec_never_reaches_the_model(tmp_path: Path) -> None:
    backend = _replay(tmp_path, [GOOD_COUNTER])
    res = run_agent(_view(CONFLICT_SPEC, "pick"), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    assert res.status == "error"
    assert "port `a`" in res.reason and "4 bit(s)" in res.reason and "says 8" in res.reason
    assert not [e for e in read_trace(tmp_path / "run") if e["event"] == "llm"]


PROSE_NO_PORTS = """Design a module named `zdet`. It watches a byte called data (8 bits wide) and raises
flag whenever data is zero. The input list:

- input data (8 bits)
"""
PROPOSAL_EXTRA = "```verilog\nmodule zdet(input [7:0] data, input clk, output flag);\n```"
PROPOSAL_NARROW = "```verilog\nmodule zdet(input [3:0] data, output flag);\n```"
PROPOSAL_GOOD = "```verilog\nmodule zdet(input [7:0] data, output flag);\n```"


@pytest.mark.sim
def test_model_proposed_interface_is_cross_checked_and_asked_again(tmp_path: Path) -> None:
    backend = _replay(tmp_path, [PROPOSAL_EXTRA, PROPOSAL_GOOD,
                                 "```verilog\nmodule zdet(input [7:0] data, output flag);\n"
                                 "  assign flag = data == 8'd0;\nendmodule\n```"])
    res = run_agent(_view(PROSE_NO_PORTS, "zdet"), backend, AgentConfig(samples=1, models=1, self_test=False), tmp_path / "run")
    events = read_trace(tmp_path / "run")
    asks = [e for e in events if e["event"] == "llm" and e["purpose"] == "interface"]
    assert len(asks) == 2 and "`clk`" in asks[1]["messages"][-1]["content"]
    assert res.status == "untested" and res.interface_source == "model" and "data == 8'd0" in (res.rtl or "")


def test_model_proposal_that_keeps_contradicting_the_spec_stops(tmp_path: Path) -> None:
    backend = _replay(tmp_path, [PROPOSAL_NARROW, PROPOSAL_NARROW])
    res = run_agent(_view(PROSE_NO_PORTS, "zdet"), backend, AgentConfig(samples=1, models=1, self_test=False), tmp_path / "run")
    assert res.status == "error" and "port `data`" in res.reason and "says 8" in res.reason
    assert not [e for e in read_trace(tmp_path / "run") if e["event"] == "llm" and e["purpose"] == "draft"]
