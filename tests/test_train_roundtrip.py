"""Round-trip descriptions: describe a reference, rebuild from the description alone, keep what the judge passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_train_data import SUITE, _cli

from veriagent.errors import BadInput
from veriagent.llm.base import GenParams, Message
from veriagent.llm.fake import FakeBackend, last_user
from veriagent.train.data import BuildOptions, build_dataset, fence, read_jsonl
from veriagent.train.repair_data import derived_samples
from veriagent.train.roundtrip import RoundTrip, description

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
    if "port by port" in user:
        return DETAILED, "stop"
    return fence(GOOD if AOI in user else WRONG), "stop"


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
    assert s.spec == SUMMARY and SUMMARY in s.messages[1]["content"] and s.source == counts.source
    ref = (SUITE / "gates_aoi" / "ref.v").read_text()
    assert s.target == fence(ref)  # the reference, not the rebuild
    # each rebuild's run is kept: the dropped description led to the wrong design
    assert (tmp_path / "runs" / "gates_aoi" / "detailed" / "design.v").read_text().strip() == WRONG.strip()
    trace = [json.loads(x) for x in (tmp_path / "runs" / "gates_aoi" / "summary" / "trace.jsonl").read_text().splitlines()]
    assert trace[0]["spec"] == SUMMARY and trace[0]["single_shot"] is True
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
        if "ONE paragraph" in last_user(messages) or "port by port" in last_user(messages):
            return _describe_then_follow(messages, params)
        raise LLMError("the server went away")  # the rebuild's draft request

    _, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache",
                                   roundtrip=RoundTrip(backend=FakeBackend("describer", describes_then_fails)))
    assert counts.dropped == {"model-error": 2} and not (tmp_path / "cache").exists()  # failed rebuilds
    echo = FakeBackend("describer", lambda m, p: ("Here it is.", "stop"))
    _, (counts,) = derived_samples(suite, ["roundtrip"], cache=tmp_path / "cache", roundtrip=RoundTrip(backend=echo))
    assert len(echo.calls) == 2 and counts.dropped == {"description-empty": 2}
    assert len(list((tmp_path / "cache").iterdir())) == 1
