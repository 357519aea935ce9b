"""The hostile corpus (tests/hostile/): designs and reference models that try to forge a verdict,
leave the sandbox or outlive the run. Each must be contained: its verdict right, its neighbours'
verdicts unchanged, no file outside the scratch directory, no process left behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile import corpus

from veriagent import sandbox
from veriagent.agent import prompts
from veriagent.bench.judge import judge_candidates
from veriagent.bench.models import Candidate
from veriagent.bench.runner import run_bench
from veriagent.bench.store import load_records
from veriagent.bench.suite import load_suite
from veriagent.hdl.interface import extract_interface
from veriagent.sim.cocotb_run import run_cocotb, verdict_dir
from veriagent.sim.equivalence import EqCandidate, EqOutcome, EquivalenceJudge
from veriagent.sim.models import StimulusSpec

pytestmark = pytest.mark.sim
SUITE = corpus.HERE / "suite"


def _areas(base: Path) -> list[Path]:
    return [base, base.parent]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One judge call: every hostile candidate between correct and constant-0 neighbours."""
    base = tmp_path_factory.mktemp("hostile")
    canary = base / "canary"
    corpus.prepare_canary(canary)
    work = base / "runs" / "a" / "b" / "judge"
    work.parent.mkdir(parents=True)
    names = corpus.candidate_names()
    cands = [EqCandidate("good_first", corpus.GOOD), EqCandidate("zero_first", corpus.ZERO)]
    cands += [EqCandidate(n, corpus.load_candidate(n, canary)) for n in names]
    cands += [EqCandidate("good_last", corpus.GOOD), EqCandidate("zero_last", corpus.ZERO)]
    before = corpus.snapshot([base], work) | corpus.shallow([base.parent, Path("/tmp"), Path("/var/tmp")])
    judge = EquivalenceJudge(corpus.REFERENCE, "top_module", "top_module", clock=None, reset=None,
                             stimulus=StimulusSpec(), seed=3, workdir=work, timeout=20, batch_size=64)
    outs = {o.key: o for o in judge.judge(cands)}
    after = corpus.snapshot([base], work) | corpus.shallow([base.parent, Path("/tmp"), Path("/var/tmp")])
    return {"outs": outs, "escapes": sorted(after - before), "orphans": corpus.processes_with(str(work)),
            "names": names}


@pytest.mark.parametrize("name", corpus.candidate_names())
def test_hostile_candidate_is_not_passed(corpus_run: dict[str, Any], name: str) -> None:
    out: EqOutcome = corpus_run["outs"][name]
    assert not out.passed, f"{name} forged a pass: {out.reason}"
    assert out.category is not None


def test_neighbours_keep_their_verdicts(corpus_run: dict[str, Any]) -> None:
    outs = corpus_run["outs"]
    got = {k: (outs[k].passed, outs[k].category) for k in corpus.NEIGHBOURS}
    assert got == {"good_first": (True, None), "good_last": (True, None),
                   "zero_first": (False, "functional-mismatch"), "zero_last": (False, "functional-mismatch")}


def test_no_file_escapes_the_scratch_dir(corpus_run: dict[str, Any]) -> None:
    assert corpus_run["escapes"] == []


def test_no_process_survives_the_run(corpus_run: dict[str, Any]) -> None:
    assert corpus_run["orphans"] == []


@pytest.mark.parametrize("name,category", [
    ("04_hier_ref_wrapper", "illegal-construct"),
    ("05_hier_ref_upward", "illegal-construct"),
    ("06_force_reference", "illegal-construct"),
    ("07_defparam_foreign", "illegal-construct"),
    ("08_bind_into_harness", "illegal-construct"),
    ("09_module_named_harness", "illegal-construct"),
    ("33_macro_module_name", "illegal-construct"),
])
def test_foreign_scopes_are_rejected_with_a_reason(corpus_run: dict[str, Any], name: str, category: str) -> None:
    out: EqOutcome = corpus_run["outs"][name]
    assert (out.passed, out.category) == (False, category), out.reason
    assert "\n" not in out.reason and out.reason


def test_system_tasks_behind_macros_are_judged_alone(corpus_run: dict[str, Any]) -> None:
    out: EqOutcome = corpus_run["outs"]["03_macro_pasted_fopen"]
    assert out.batch_size == 1


def test_results_store_injection_is_refused(tmp_path: Path) -> None:
    """A candidate appending to results.jsonl: only the driver writes the store."""
    cands = tmp_path / "cands" / "maj"
    cands.mkdir(parents=True)
    (cands / "0.v").write_text(corpus.load_candidate("10_results_store_inject", tmp_path / "canary"))
    (cands / "1.v").write_text(corpus.ZERO)
    (cands / "2.v").write_text(corpus.GOOD)
    out = tmp_path / "out"
    run_bench(load_suite(SUITE), candidates=tmp_path / "cands", samples=3, jobs=1, out_dir=out,
              judge="equivalence", progress=False, timeout=20, write_reports=False)
    keys = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted((k["problem"], k["sample"]) for k in keys) == [("maj", 0), ("maj", 1), ("maj", 2)]
    got = {r.sample: r.passed for r in load_records(out)}
    assert got == {0: False, 1: False, 2: True}
    assert {r.sandbox for r in load_records(out)} == {sandbox.describe()}


def test_results_xml_forgery_fails_the_user_tests_judge(tmp_path: Path) -> None:
    problem = load_suite(SUITE).problems[0]
    cands = [Candidate(problem="maj", sample=i, source=s) for i, s in
             enumerate([corpus.load_candidate("02_results_xml_final", tmp_path), corpus.GOOD])]
    res = judge_candidates(problem, cands, judge="user-tests", timeout=30, workdir=tmp_path / "w")
    assert [r.passed for r in res] == [False, True], [r.reason for r in res]


# --- hostile reference models (agent side: model-written Python inside the cocotb harness) ---------


def _run_model(tmp_path: Path, name: str, listener: corpus.Listener, mark: str, timeout: float = 10):
    canary = tmp_path / "canary"
    corpus.prepare_canary(canary)
    iface = extract_interface(corpus.REFERENCE, "top_module")
    code = corpus.fill((corpus.MODELS / f"{name}.py").read_text(), canary, mark, listener.port)
    test_dir = tmp_path / "run" / "tests"
    test_dir.mkdir(parents=True)
    (test_dir / "test_design.py").write_text(prompts.render("harness", model_code=code,
                                                            **prompts.interface_context(iface)))
    design = tmp_path / "run" / "design.v"
    design.write_text(corpus.GOOD)
    build = tmp_path / "run" / "build"
    build.mkdir()
    before = corpus.snapshot([tmp_path], build, verdict_dir(build)) | corpus.shallow([tmp_path.parent, Path("/tmp"), Path("/var/tmp")])
    sim = run_cocotb([design], "top_module", "test_design", test_dir, build_dir=build, timeout=timeout)
    after = corpus.snapshot([tmp_path], build, verdict_dir(build)) | corpus.shallow([tmp_path.parent, Path("/tmp"), Path("/var/tmp")])
    return sim, build, sorted(after - before)


@pytest.mark.parametrize("name", corpus.model_names())
def test_hostile_reference_model_is_contained(tmp_path: Path, name: str) -> None:
    listener = corpus.Listener()
    mark = corpus.new_mark()
    try:
        sim, build, escapes = _run_model(tmp_path, name, listener, mark)
    finally:
        listener.close()
    assert escapes == []
    assert corpus.processes_with(mark) == []
    assert corpus.processes_with(str(build)) == []
    assert listener.connections == 0
    for evidence in ("uid.txt", "ctypes_uid.txt"):
        if (build / evidence).is_file():
            assert (build / evidence).read_text().strip() not in ("", "0")
    if name == "m7_read_secrets":
        seen = json.loads((build / "evidence.json").read_text())
        assert seen["uid"] != 0
        assert seen["/etc/shadow"] is None and seen["/root/.bashrc"] is None
        assert all(v is None for k, v in seen.items() if k.endswith("secret.txt"))
        assert seen["HOME"] != str(Path.home())
    if name in ("m1_os_system", "m5_ctypes"):
        assert sim.passed  # the model still computes the right values: the design is verified


