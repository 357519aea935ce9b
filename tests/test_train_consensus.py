"""Consensus-verified traces: real agent runs (replayed replies, real Icarus + sandbox) -> kept or dropped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_agent_loop import (
    COUNTER_MODEL,
    COUNTER_TESTS,
    GOOD_COUNTER,
    THERM_GOOD,
    THERM_SPEC,
    THERM_WRONG,
    UP_ONLY,
    _replay,
    _view,
)
from test_select import THERM_MODEL_GOOD, THERM_MODEL_GOOD2
from test_train_data import MUX, make_suite

from veriagent.agent.loop import run_agent
from veriagent.config import AgentConfig
from veriagent.errors import BadInput
from veriagent.train.consensus import consensus_samples
from veriagent.train.data import BuildOptions, Sample, build_dataset, read_jsonl, split_samples, trace_samples

pytestmark = pytest.mark.sim

BROKEN_AND = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b\nendmodule\n```"
AND_SPEC = "Implement a module named `and2`: `y` is `a` AND `b`.\n\n- `input a`\n- `input b`\n- `output y`\n"


def _run(root: Path, name: str, replies: list[str], cfg: AgentConfig, *, spec: str | None = None,
         top: str = "counter", user_tests: Path | None = None) -> Path:
    scratch = root.parent / f"replies-{name}"
    scratch.mkdir()
    view = _view(spec, top) if spec else _view()
    run_agent(view.model_copy(update={"id": name}), _replay(scratch, replies), cfg, root / name,
              user_tests=user_tests)
    return root / name


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Agent runs as the loop writes them, one per way a run can end."""
    root = tmp_path_factory.mktemp("consensus") / "runs"
    # 2 drafts, 2 independent models: the correct draft is chosen, both models agree -> verified
    _run(root, "therm", [THERM_MODEL_GOOD, THERM_MODEL_GOOD2, THERM_WRONG, THERM_GOOD],
         AgentConfig(samples=2, models=2, max_iters=1), spec=THERM_SPEC, top="therm")
    # 3 models, one agrees (one is wrong, one crashes) -> plausible
    wrong = COUNTER_MODEL.replace("(1 if i[\"up\"] else -1)", "1")
    crash = COUNTER_MODEL.replace('i["en"]', 'i["enable"]')
    _run(root, "counter_plausible", [COUNTER_MODEL, wrong, crash, GOOD_COUNTER], AgentConfig(samples=1, models=3, max_iters=1))
    # one model's tests pass: verified, but by a single model
    _run(root, "counter_one_model", [COUNTER_MODEL, GOOD_COUNTER], AgentConfig(samples=1, models=1))
    # the user's tests pass after a repair: verified, no models asked
    tests = root.parent / "user_tests"
    tests.mkdir()
    (tests / "test_counter.py").write_text(COUNTER_TESTS.split("```python\n")[1].split("```")[0])
    _run(root, "counter_user_tests", [UP_ONLY, GOOD_COUNTER], AgentConfig(samples=1, models=1), user_tests=tests)
    # never compiles -> budget-exhausted (one iteration)
    _run(root, "and_failed", [BROKEN_AND], AgentConfig(samples=1, models=1, self_test=False, max_iters=1), spec=AND_SPEC, top="and2")
    # the verified-by-agreement run, judged by the hidden reference: the judge's, never consensus
    shutil.copytree(root / "therm", root / "therm_judged")
    (root / "therm_judged" / "judge.json").write_text(json.dumps({"problem": "therm", "passed": True}))
    # a result that claims two agreeing models while its recorded vote has one
    shutil.copytree(root / "therm", root / "therm_tampered")
    trace = root / "therm_tampered" / "trace.jsonl"
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    for e in events:
        if e["event"] == "selection":
            e["clusters"][0]["models"] = [0]
    trace.write_text("".join(json.dumps(e) + "\n" for e in events))
    # a trace of an older loop: a single-shot design called verified without any test
    shutil.copytree(root / "counter_one_model", root / "old_single_shot")
    trace = root / "old_single_shot" / "trace.jsonl"
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    events[-1].update(tests_source="none", agreement=None, tests_total=0)
    trace.write_text("".join(json.dumps(e) + "\n" for e in events))
    return root


def test_only_runs_verified_by_two_agreeing_models_are_kept(runs: Path) -> None:
    results = {d.name: json.loads((d / "report.json").read_text()) for d in runs.iterdir()}
    assert results["therm"]["status"] == "verified" and results["therm"]["agreement"] == "1/2 drafts and 2/2 models agree"
    assert results["counter_plausible"]["status"] == "plausible"
    assert results["counter_one_model"]["status"] == "verified" and results["counter_one_model"]["agreement"] == ""
    assert results["counter_user_tests"]["status"] == "verified" and results["counter_user_tests"]["tests_source"] == "user"
    assert results["and_failed"]["status"] == "budget-exhausted"

    samples, counts = consensus_samples(runs)
    assert counts.source == f"consensus:{runs}" and counts.kept == 1
    assert counts.dropped == {"plausible": 1, "single-model": 1, "user-tests": 1, "budget-exhausted": 1,
                              "agreement-unconfirmed": 1, "no-tests": 1}
    (s,) = samples
    assert s.problem == "therm" and s.kind == "spec2rtl" and s.source == counts.source
    assert s.detail == "consensus:2/2-models" and s.spec == THERM_SPEC
    assert THERM_GOOD.split("\n", 1)[1].split("```")[0].strip() in s.target
    # the judged copy is the judge's: counted (and kept) only in the traces source
    judged, tcounts = trace_samples(runs)
    assert [x.source for x in judged] == [f"traces:{runs}"] and tcounts.kept == 1
    assert tcounts.dropped == {"no-judge": 7}


def test_consensus_is_opt_in_split_by_problem_and_counted_in_the_card(runs: Path, tmp_path: Path) -> None:
    only = tmp_path / "runs"
    for name in ("therm", "counter_plausible"):
        shutil.copytree(runs / name, only / name)
    suite = make_suite(tmp_path / "s", "mini", {pid: ("gates", MUX.replace("d[s]", f"d[s] ^ {k % 2}"))
                                                  for k, pid in enumerate(["therm", "p1", "p2", "p3"])})

    def probe(p: str) -> Sample:
        return Sample(messages=[], problem=p, source="x")

    # a seed that puts problem therm on the validation side
    seed = next(k for k in range(1, 50)
                if split_samples([probe(p) for p in ("therm", "p1", "p2", "p3")], 0.25, k)[1][0].problem == "therm")
    off = build_dataset(BuildOptions(suites=[suite], traces=[only], out=tmp_path / "off", val_fraction=0.25, seed=seed))
    assert [c.source.split(":")[0] for c in off.sources] == ["suite", "traces"]
    rep = build_dataset(BuildOptions(suites=[suite], traces=[only], consensus=True, out=tmp_path / "o",
                                     val_fraction=0.25, seed=seed))
    cons = next(c for c in rep.sources if c.source.startswith("consensus:"))
    assert cons.kept == 1 and cons.dropped == {"plausible": 1}
    val = read_jsonl(tmp_path / "o" / "validation.jsonl")
    train = read_jsonl(tmp_path / "o" / "train.jsonl")
    assert sorted(s.source.split(":")[0] for s in val) == ["consensus", "suite"]  # therm's both samples
    assert all(s.problem != "therm" for s in train)
    card = (tmp_path / "o" / "README.md").read_text()
    assert f"| consensus:{only} | 1 | plausible: 1 |" in card and "| consensus | 0 | 1 |" in card
    assert "verified by the agreement of at least two independent reference models" in card
    assert "agreement of at least two" not in (tmp_path / "off" / "README.md").read_text()
    # a held-out suite with the problem drops the consensus sample like any other
    held = make_suite(tmp_path / "h", "held", {"therm": ("gates", MUX)})
    rep = build_dataset(BuildOptions(suites=[suite], traces=[only], consensus=True, held_out=[held],
                                     out=tmp_path / "o2", val_fraction=0.25, seed=seed))
    cons = next(c for c in rep.sources if c.source.startswith("consensus:"))
    assert cons.kept == 0 and cons.dropped == {"plausible": 1, "held-out-id": 1}
    with pytest.raises(BadInput, match="--consensus reads the agent runs under --traces"):
        build_dataset(BuildOptions(suites=[suite], consensus=True, out=tmp_path / "o3"))
