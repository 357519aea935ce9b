"""Self-training rounds end to end: tiny model, replayed sampler, real judge, retrain, pass@1 on validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veriagent.bench.models import Problem

pytest.importorskip("peft")

GATES = {
    "and2": "assign y = a & b;",
    "or2": "assign y = a | b;",
    "xor2": "assign y = a ^ b;",
    "nand2": "assign y = ~(a & b);",
}
# Different text, same function (a self-trained sample must be new code to be added).
ALT = {
    "and2": "assign y = ~(~a | ~b);",
    "or2": "assign y = ~(~a & ~b);",
    "xor2": "assign y = (a & ~b) | (~a & b);",
    "nand2": "assign y = ~a | ~b;",
}


def _module(body: str) -> str:
    return f"module top_module(input a, input b, output y);\n  {body}\nendmodule\n"


def _suite(root: Path) -> Path:
    root.mkdir()
    (root / "suite.toml").write_text('name = "gates"\nversion = "1"\ndescription = "t"\n')
    for pid, body in GATES.items():
        d = root / pid
        d.mkdir()
        (d / "ref.v").write_text(_module(body))
        (d / "spec.md").write_text(f"Implement a module named `top_module`: y = {pid}(a, b).\n\n"
                                   "- `input a`\n- `input b`\n- `output y`\n")
        (d / "problem.toml").write_text(f'id = "{pid}"\ntitle = "{pid}"\ncategory = "gates"\ndifficulty = "easy"\n'
                                        'top = "top_module"\n')
    return root


def _problem(suite: Path, pid: str) -> Problem:
    from veriagent.bench.suite import load_suite

    return next(p for p in load_suite(suite).problems if p.id == pid)


@pytest.mark.sim
def test_one_self_training_round(tmp_path: Path) -> None:
    from veriagent.config import load_settings
    from veriagent.train.data import BuildOptions, build_dataset, read_jsonl, trace_samples
    from veriagent.train.iterate import IterateOptions, pass_at_1, run_rounds
    from veriagent.train.sft import SFTConfig
    from veriagent.train.tiny import build_tiny_model

    tiny = build_tiny_model(tmp_path / "tiny")
    build_dataset(BuildOptions(suites=[_suite(tmp_path / "suite")], out=tmp_path / "data", val_fraction=0.25, seed=1))
    manifest = json.loads((tmp_path / "data" / "manifest.json").read_text())
    train_ids = manifest["train_problems"]
    assert len(train_ids) == 3 and len(manifest["validation_problems"]) == 1
    # The sampler: correct alternative designs for the first two training problems, a wrong one for the third.
    replies = [f"```verilog\n{_module(ALT[p])}```" for p in train_ids[:2]] + [f"```verilog\n{_module('assign y = a;')}```"]
    (tmp_path / "replay.json").write_text(json.dumps(replies))

    settings = load_settings(overrides={"agent": {"max_reply_tokens": 64}})
    cfg = SFTConfig(base=str(tiny), data=tmp_path / "data", out=tmp_path / "rounds", max_steps=2, batch_size=2,
                    dtype="fp32", learning_rate=1e-2)
    rep = run_rounds(cfg, IterateOptions(rounds=1, sample_model=f"replay:{tmp_path / 'replay.json'}"),
                     settings=settings)
    r0, r1 = rep.rounds
    assert r0.train_samples == 3 and r0.sampled == 0
    assert (r1.sampled, r1.verified, r1.added, r1.train_samples) == (3, 2, 2, 5)
    rows = read_jsonl(tmp_path / "rounds" / "round-1" / "data" / "train.jsonl")
    added = [s for s in rows if s.source == "self-train:round-1"]
    assert sorted(s.problem for s in added) == sorted(train_ids[:2])
    val = read_jsonl(tmp_path / "rounds" / "round-1" / "data" / "validation.jsonl")
    assert [s.problem for s in val] == manifest["validation_problems"]  # validation never grows
    for r in (r0, r1):
        assert (Path(r.adapter) / "done").is_file()
        # pass@1 measured with the adapter through the hf: backend (a random tiny model: 0 of 1).
        assert r.val_total == 1 and r.val_pass_at_1 == 0.0
    assert rep.eval_model.startswith("hf:") and "+adapter=" in rep.eval_model
    # The same evaluator counts a pass when the model gets the validation problem right (so the
    # zeros above are measured, not built in), and only then.
    (val_id,) = manifest["validation_problems"]
    problems = {val_id: _problem(tmp_path / "suite", val_id)}
    for name, body, want in (("right", ALT[val_id], (1, 1)), ("wrong", "assign y = a;", (0, 1))):
        (tmp_path / f"{name}.json").write_text(json.dumps([f"```verilog\n{_module(body)}```"]))
        got = pass_at_1(f"replay:{tmp_path / f'{name}.json'}", [problems[val_id]], settings=settings,
                        work=tmp_path / "eval" / name)
        assert got == want, name
    # ... and the rounds report what it measures: a model right on validation gives pass@1 1.0 per round.
    (tmp_path / "val-right.json").write_text(json.dumps([f"```verilog\n{_module(ALT[val_id])}```"] * 2))
    again = run_rounds(cfg.model_copy(update={"out": tmp_path / "rounds-right"}),
                       IterateOptions(rounds=1, sample_model=f"replay:{tmp_path / 'replay.json'}",
                                      eval_model=f"replay:{tmp_path / 'val-right.json'}"), settings=settings)
    assert [(r.val_passed, r.val_total, r.val_pass_at_1) for r in again.rounds] == [(1, 1, 1.0)] * 2
    # Sampling is a bench run: its records, and the full verdict of each unit, like `veriagent bench`'s.
    judged = json.loads((tmp_path / "rounds" / "round-1" / "samples" / "units" / train_ids[2] / "0"
                         / "equivalence.json").read_text())
    assert judged["passed"] is False and judged["category"] == "functional-mismatch"
    assert json.loads((tmp_path / "rounds" / "rounds.json").read_text())["rounds"][1]["added"] == 2
    # The agent's real traces of this round, with the judge's verdict next to them, feed `data build`.
    samples, counts = trace_samples(tmp_path / "rounds" / "round-1" / "samples" / "traces")
    assert counts.kept == 2 and counts.dropped == {"judge-failed": 1}
    assert sorted(s.problem for s in samples) == sorted(train_ids[:2])
    assert all(ALT[s.problem] in s.target for s in samples)
    # An interrupted run resumes: finished adapters on the same data are kept, the bench runs resume.
    done = {r.adapter: (Path(r.adapter) / "done").stat().st_mtime_ns for r in rep.rounds}
    (tmp_path / "rounds" / "rounds.json").unlink()
    resumed = run_rounds(cfg, IterateOptions(rounds=1, sample_model=f"replay:{tmp_path / 'replay.json'}"),
                         settings=settings)
    assert {r.adapter: (Path(r.adapter) / "done").stat().st_mtime_ns for r in resumed.rounds} == done
    assert [(r.sampled, r.verified, r.added, r.val_passed) for r in resumed.rounds] == \
        [(r.sampled, r.verified, r.added, r.val_passed) for r in rep.rounds]
