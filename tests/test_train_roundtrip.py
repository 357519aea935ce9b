"""Round-trip descriptions: describe a reference, rebuild from the description alone, keep what the judge passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_train_data import SUITE, _cli

from veriagent.agent.spec import interface_from_spec, spec_conflicts
from veriagent.bench.models import Problem
from veriagent.bench.suite import load_suite
from veriagent.errors import BadInput
from veriagent.hdl.interface import Interface, extract_interface
from veriagent.llm.base import GenParams, Message
from veriagent.llm.fake import FakeBackend, last_user
from veriagent.train.data import BuildOptions, build_dataset, fence, read_jsonl
from veriagent.train.repair_data import derived_samples, reference_source
from veriagent.train.roundtrip import RoundTrip, description, reference_interface, with_interface

AOI = "NOT((a AND b) OR (c AND d))"
OAI = "NOT((a OR b) AND (c OR d))"
# the summary gets the behaviour right; the detailed description misreads it (one wide AND / OR)
SUMMARY = (
    "Implement a module named `top_module`: two compound standard cells driven by the same four inputs. "
    "The single-bit input `a`, the single-bit input `b`, the single-bit input `c` and the single-bit "
    f"input `d` drive the single-bit output `aoi`, which is {AOI}, and the single-bit output `oai`, "
    f"which is {OAI}; the logic is combinational."
)
DETAILED = (
    "A pair of inverting gates. Implement a module named `top_module`.\n\nPorts:\n\n"
    "- `input a` — first input\n- `input b` — second input\n- `input c` — third input\n"
    "- `input d` — fourth input\n- `output aoi` — NOT(a AND b AND c AND d)\n"
    "- `output oai` — NOT(a OR b OR c OR d)\n\nBehaviour: both outputs are combinational.\n"
)
GOOD = ("module top_module(input a, input b, input c, input d, output aoi, output oai);\n"
        "  assign aoi = ~((a & b) | (c & d));\n  assign oai = ~((a | b) & (c | d));\nendmodule\n")
WRONG = ("module top_module(input a, input b, input c, input d, output aoi, output oai);\n"
         "  assign aoi = ~(a & b & c & d);\n  assign oai = ~(a | b | c | d);\nendmodule\n")


def _describe_then_follow(messages: list[Message], params: GenParams) -> tuple[str, str]:
    """A model that describes (summary right, detailed wrong) and then builds what a description says."""
    user = last_user(messages)
    if "ONE paragraph" in user:
        return SUMMARY, "stop"
    if "output by output" in user:
        return DETAILED, "stop"
    return fence(GOOD if AOI in user else WRONG), "stop"


def _aoi_interface() -> Interface:
    iface = extract_interface((SUITE / "gates_aoi" / "ref.v").read_text(), "top_module")
    return iface.model_copy(update={"source": "reference"})


def _suite(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(SUITE / "suite.toml", root / "suite.toml")
    shutil.copytree(SUITE / "gates_aoi", root / "gates_aoi")
    return root


def test_a_description_with_code_or_without_content_is_no_description() -> None:
    assert description("The module:\n```verilog\nmodule m(input a); endmodule\n```") == (None, "description-empty")
    text = "Implement a module named `m`. It does this: assign y = a & b; and nothing else at all."
    assert description(text) == (None, "description-has-code")
    assert description(SUMMARY) == (SUMMARY, "")


@pytest.mark.sim
def test_kept_only_when_the_rebuild_is_equivalent_and_cached_per_problem(tmp_path: Path) -> None:
    suite = _suite(tmp_path / "suite")
    backend = FakeBackend("describer", _describe_then_follow)
    rt = RoundTrip(backend=backend, runs_dir=tmp_path / "runs")
    samples, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache", roundtrip=rt)
    assert len(backend.calls) == 4  # two descriptions, two single-shot rebuilds
    assert counts.source.startswith("roundtrip:") and counts.kept == 1
    assert counts.dropped == {"rebuild-functional-mismatch": 1}  # the misread description: the judge rejects it
    (s,) = samples
    assert s.detail == "roundtrip:summary" and s.kind == "spec2rtl" and s.problem == "gates_aoi"
    # the kept spec is the description under the reference's own header
    header = _aoi_interface().header()
    assert s.spec == with_interface(SUMMARY, _aoi_interface()) and header in s.spec
    assert SUMMARY in s.messages[1]["content"] and s.source == counts.source
    ref = (SUITE / "gates_aoi" / "ref.v").read_text()
    assert s.target == fence(ref)  # the reference, not the rebuild
    # each rebuild's run is kept: the dropped description led to the wrong design
    assert (tmp_path / "runs" / "gates_aoi" / "detailed" / "design.v").read_text().strip() == WRONG.strip()
    trace = [json.loads(x) for x in (tmp_path / "runs" / "gates_aoi" / "summary" / "trace.jsonl").read_text().splitlines()]
    assert trace[0]["spec"] == s.spec and trace[0]["single_shot"] is True
    # a re-run reads the cache: not one model call
    again = FakeBackend("describer", _describe_then_follow)
    samples2, (counts2,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache",
                                           roundtrip=RoundTrip(backend=again))
    assert again.calls == [] and [x.record() for x in samples2] == [x.record() for x in samples]
    assert counts2.dropped == counts.dropped
    # the dataset card counts them; the cache keeps the build from asking the model again
    rep = build_dataset(BuildOptions(suites=[suite], derive=["roundtrip"], cache=tmp_path / "cache",
                                     out=tmp_path / "o", val_fraction=0.0), roundtrip_backend=again)
    assert again.calls == [] and rep.train_samples == 2
    assert sorted(x.detail for x in read_jsonl(tmp_path / "o" / "train.jsonl")) == ["", "roundtrip:summary"]
    card = (tmp_path / "o" / "README.md").read_text()
    assert "| roundtrip:hdlbits-style | 1 | rebuild-functional-mismatch: 1 |" in card
    assert "| roundtrip:summary | 1 | 0 |" in card


def test_cli_roundtrip_needs_a_model_and_counts_what_it_drops(tmp_path: Path) -> None:
    suite = _suite(tmp_path / "suite")
    res = _cli("data", "build", "--suite", str(suite), "--derive", "roundtrip", "--out", str(tmp_path / "o"),
               cwd=tmp_path)
    assert res.returncode == 2 and "--derive roundtrip needs a model" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()
    with pytest.raises(BadInput, match="needs a model"):
        RoundTrip()
    # echo-ports answers a description request with code only: no description is left
    res = _cli("data", "build", "--suite", str(suite), "--derive", "roundtrip", "--spec-model", "fake:echo-ports",
               "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "roundtrip:hdlbits-style" in res.stdout and "description-empty" in res.stdout


def test_a_failing_model_is_counted_and_never_cached(tmp_path: Path) -> None:
    from veriagent.llm.base import LLMError

    def down(messages: list[Message], params: GenParams) -> tuple[str, str]:
        raise LLMError("the server went away")

    suite = _suite(tmp_path / "suite")
    _, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache",
                                   roundtrip=RoundTrip(backend=FakeBackend("describer", down)))
    assert counts.kept == 0 and counts.dropped == {"model-error": 2}
    assert not (tmp_path / "cache").exists()  # the next build asks again

    def describes_then_fails(messages: list[Message], params: GenParams) -> tuple[str, str]:
        if "ONE paragraph" in last_user(messages) or "output by output" in last_user(messages):
            return _describe_then_follow(messages, params)
        raise LLMError("the server went away")  # the rebuild's draft request

    _, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache",
                                   roundtrip=RoundTrip(backend=FakeBackend("describer", describes_then_fails)))
    assert counts.dropped == {"model-error": 2} and not (tmp_path / "cache").exists()  # failed rebuilds
    echo = FakeBackend("describer", lambda m, p: ("Here it is.", "stop"))
    _, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache", roundtrip=RoundTrip(backend=echo))
    assert len(echo.calls) == 2 and counts.dropped == {"description-empty": 2}
    assert len(list((tmp_path / "cache").iterdir())) == 1


# --- the interface comes from the reference, not from the model's text ------------------------------


def _ports(iface: Interface) -> list[tuple[str, str, int, int, int, bool]]:
    return [(p.name, p.direction, p.width, p.msb, p.lsb, p.signed) for p in iface.ports]


def test_every_builtin_reference_interface_reads_back_exactly_from_its_description() -> None:
    suite = load_suite(SUITE)
    assert len(suite.problems) >= 100
    for problem in suite.problems:
        ref = reference_source(problem)
        iface = reference_interface(problem, ref)
        assert iface is not None, problem.id
        judge_view = extract_interface(ref, problem.top)  # what the equivalence judge compares against
        spec = with_interface("Implement a module named `top_module`. It does what its outputs say.", iface)
        got = interface_from_spec(spec, problem.top)
        assert got is not None and got.source == "header", problem.id
        assert got.module == problem.top, problem.id
        assert _ports(got) == _ports(judge_view), problem.id
        assert got.parameters == judge_view.parameters, problem.id
        assert got.header() == iface.header(), problem.id  # the agent's draft prompt shows the same header


@pytest.mark.parametrize(
    "ref",
    [
        # ANSI with parameters (widths from them), signed ports, a reg output
        "module acc #(parameter W = 12, parameter D = 3) (input clk, input signed [W-1:0] x,\n"
        "  input [D:0] sel, output reg signed [2*W-1:0] y, output [0:3] flags);\n"
        "  always @(posedge clk) y <= y + x;\n  assign flags = sel;\nendmodule\n",
        # non-ANSI, with a second module that the top instantiates
        "module inv(input a, output y); assign y = ~a; endmodule\n"
        "module top(a, b, y);\n  parameter N = 5;\n  input [N-1:0] a;\n  input b;\n  output [N:0] y;\n"
        "  inv u(.a(b), .y(y[N]));\n  assign y[N-1:0] = a;\nendmodule\n",
    ],
)
def test_parameters_signedness_and_ranges_read_back_exactly(ref: str) -> None:
    top = "acc" if "module acc" in ref else "top"
    problem = Problem(id="p", spec="s", top=top, path=Path("p"))
    iface = reference_interface(problem, ref)
    assert iface is not None
    got = interface_from_spec(with_interface("Implement a module named `" + top + "`.", iface), top)
    assert got is not None and got.source == "header"
    assert _ports(got) == _ports(iface) and got.parameters == iface.parameters and iface.parameters
    assert spec_conflicts("The accumulator adds `x` to `y` on every rising edge of `clk`.", iface) == []


def test_a_description_that_names_another_interface_contradicts_the_reference() -> None:
    iface = _aoi_interface()
    assert spec_conflicts(SUMMARY, iface) == [] and spec_conflicts(DETAILED, iface) == []
    clocked = SUMMARY + " The outputs are registered on the rising edge of the clock input `clk`."
    (c,) = spec_conflicts(clocked, iface)
    assert "`clk`" in c and "reference's interface has no such port" in c
    (c,) = spec_conflicts(SUMMARY.replace("the single-bit output `aoi`", "the 4-bit output `aoi`"), iface)
    assert "`aoi`" in c and "4" in c
    (c,) = spec_conflicts(DETAILED.replace("`output oai`", "`input oai`"), iface)
    assert "`oai`" in c and "input" in c


def test_no_human_written_spec_of_the_suite_contradicts_its_reference() -> None:
    """The contradiction check on the suite's own specs (every notation): none is a false alarm."""
    suite = load_suite(SUITE)
    specs = 0
    for problem in suite.problems:
        assert problem.ref_path is not None
        iface = reference_interface(problem, reference_source(problem))
        assert iface is not None
        for path in sorted(problem.ref_path.parent.glob("spec*.md")):
            specs += 1
            assert spec_conflicts(path.read_text(encoding="utf-8"), iface) == [], path
    assert specs >= 500


# a behaviour-only summary (right) and a detailed description in a notation no extractor reads (wrong)
PLAIN = (
    "Implement a module named `top_module`: two compound standard cells driven by the same four inputs. "
    f"`aoi` is {AOI} and `oai` is {OAI}; the logic is combinational."
)
GARBLED = (
    "A pair of inverting gates. Implement a module named `top_module`.\n\n"
    "IO: a,b,c,d -> 1b each (in) / aoi,oai -> 1b each (out)\n\n"
    "- aoi: NOT(a AND b AND c AND d)\n- oai: NOT(a OR b OR c OR d)\n"
)


def _behaviour_only(messages: list[Message], params: GenParams) -> tuple[str, str]:
    """Describes with no / garbled port notation, then builds what the description says, to the header it is given."""
    user = last_user(messages)
    if "ONE paragraph" in user:
        return PLAIN, "stop"
    if "output by output" in user:
        return GARBLED, "stop"
    header = _aoi_interface().header()
    if header not in user:
        return "I cannot tell which ports this module has.", "stop"
    return fence(GOOD if AOI in user else WRONG), "stop"


@pytest.mark.sim
def test_a_description_without_port_notation_rebuilds_against_the_reference_header(tmp_path: Path) -> None:
    # on their own, neither description names an interface the agent can read
    assert interface_from_spec(PLAIN, "top_module") is None and interface_from_spec(GARBLED, "top_module") is None
    suite = _suite(tmp_path / "suite")
    backend = FakeBackend("describer", _behaviour_only)
    samples, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache",
                                         roundtrip=RoundTrip(backend=backend, runs_dir=tmp_path / "runs"))
    header = _aoi_interface().header()
    describe, rebuild = backend.calls[:2], backend.calls[2:]
    assert len(describe) == 2 and len(rebuild) == 2
    assert all(header in last_user(m) for m in describe)  # the model is shown the interface, asked for behaviour
    assert all(header in last_user(m) for m in rebuild)  # each rebuild is asked for exactly the reference's header
    # the behaviourally wrong description is still dropped, by the judge; the right one is kept
    assert counts.kept == 1 and counts.dropped == {"rebuild-functional-mismatch": 1}
    (s,) = samples
    assert s.detail == "roundtrip:summary" and s.spec == with_interface(PLAIN, _aoi_interface())
    for g in ("summary", "detailed"):
        events = [json.loads(x) for x in (tmp_path / "runs" / "gates_aoi" / g / "trace.jsonl").read_text().splitlines()]
        (iface_event,) = [e for e in events if e["event"] == "interface"]
        assert iface_event["source"] == "header" and iface_event["header"] == header


def test_a_description_that_contradicts_the_interface_is_dropped_before_any_rebuild(tmp_path: Path) -> None:
    def contradicts(messages: list[Message], params: GenParams) -> tuple[str, str]:
        user = last_user(messages)
        if "ONE paragraph" in user:
            return PLAIN + " Both outputs are registered on the rising edge of the clock input `clk`.", "stop"
        if "output by output" in user:
            return GARBLED + "\n- `output [3:0] aoi` — the AND-OR-INVERT of the inputs\n", "stop"
        raise AssertionError("no rebuild may be asked for")

    suite = _suite(tmp_path / "suite")
    backend = FakeBackend("describer", contradicts)
    samples, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache",
                                         roundtrip=RoundTrip(backend=backend))
    assert len(backend.calls) == 2 and samples == []
    assert counts.dropped == {"description-contradicts-interface": 2}


def test_a_reference_without_a_top_module_with_ports_is_no_interface(tmp_path: Path) -> None:
    problem = Problem(id="p", spec="s", top="top_module", path=Path("p"))
    assert reference_interface(problem, "module other(input a, output y); assign y = a; endmodule\n") is None
    assert reference_interface(problem, "module top_module;\nendmodule\n") is None
    suite = _suite(tmp_path / "suite")
    (suite / "gates_aoi" / "ref.v").write_text("module top_module;\nendmodule\n")
    backend = FakeBackend("describer", _behaviour_only)
    _, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache", roundtrip=RoundTrip(backend=backend))
    assert backend.calls == [] and counts.dropped == {"no-interface": 2}
