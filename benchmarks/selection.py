"""Blind selection on the fixed 30-problem subset: oracle pass@N, selected pass@1, verified precision.

Usage:
    python benchmarks/selection.py run [--drafts 4] [--models 3] [--max-iters 1] [--limit K] [--stop-at HH:MM] [--out DIR]
    python benchmarks/selection.py table [--out DIR]

Per problem (in the subset's seeded order, see benchmarks/agent_vs_single.py), one `generate` run in
BLIND mode (no designer tests reach the agent) with N drafts, M reference models and, by default, no
repair (`--max-iters 1`): the population is drafted, voted on and the chosen draft tested. With
`--max-iters K` (K > 1) the agent goes on repairing the chosen draft as `generate` does, and the same
run also gives the full agent row. Afterwards, and only then, the hidden-reference judge (equivalence)
judges every draft of the population and the design the agent returned. One run gives every row
side by side:
- greedy pass@1: the first draft (temperature 0) alone, i.e. single-shot;
- sampled pass@1: the mean pass rate of the N drafts;
- oracle pass@N: some draft passes (the upper bound of any selection, judge-chosen);
- blind-selected pass@1 (no repair): the draft the vote chose, as drafted;
- full agent pass@1 (with `--max-iters` > 1): the design the agent returned after its repairs;
- verified precision: judge-passed among those the agent called `verified`;
- wall time per problem (drafting, models, vote and tests; judging excluded).
Results go to OUT/results.jsonl, one line per problem (resumable: recorded problems are skipped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from agent_vs_single import MODEL, SUITE, select  # noqa: E402

from veriagent.agent.loop import run_agent  # noqa: E402
from veriagent.agent.trace import read_trace  # noqa: E402
from veriagent.bench.judge import judge_candidates  # noqa: E402
from veriagent.bench.models import Candidate  # noqa: E402
from veriagent.bench.suite import load_suite  # noqa: E402
from veriagent.config import AgentConfig, load_settings  # noqa: E402
from veriagent.llm.registry import get_backend  # noqa: E402

OUT = ROOT / "runs" / "selection"


def _recorded(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    return {json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()}


def _chosen_index(run_dir: Path) -> int | None:
    """The draft the agent went on with (the loop's ``chosen`` trace event)."""
    if not (run_dir / "trace.jsonl").is_file():
        return None
    return next((int(ev["index"]) for ev in read_trace(run_dir) if ev.get("event") == "chosen"), None)


def run(out: Path, drafts: int, models: int, limit: int, stop_at: dt.datetime | None, model: str = MODEL,
        max_iters: int = 1) -> None:
    subset = select()[:limit]
    suite = {p.id: p for p in load_suite(SUITE).problems}
    settings = load_settings()
    backend = get_backend(model, settings)
    results = out / "results.jsonl"
    out.mkdir(parents=True, exist_ok=True)
    done = _recorded(results)
    cfg = AgentConfig(samples=drafts, models=models, max_iters=max_iters)
    for meta in subset:
        pid = meta["id"]
        if pid in done:
            continue
        if stop_at is not None and dt.datetime.now(dt.UTC) >= stop_at:
            print(f"stop time reached before {pid}", flush=True)
            break
        problem = suite[pid]
        view = problem.designer_view().model_copy(update={"user_tests_dir": None})  # blind
        run_dir = out / "runs" / pid
        t0 = time.monotonic()
        res = run_agent(view, backend, cfg, run_dir, seed=1)
        wall = time.monotonic() - t0
        pop = [p.read_text() for p in sorted((run_dir / "drafts").glob("d*.v"), key=lambda p: int(p.stem[1:]))] \
            if (run_dir / "drafts").is_dir() else []
        cands = [Candidate(problem=pid, sample=k, source=s) for k, s in enumerate(pop)]
        cands.append(Candidate(problem=pid, sample=len(pop), source=res.rtl or ""))
        verdicts = judge_candidates(problem, cands, workdir=run_dir / "judge")
        passed = [v.passed for v in verdicts]
        sel = res.selection or {}
        k = _chosen_index(run_dir)
        draft_pass = passed[:-1]
        rec: dict[str, Any] = {
            "id": pid, "model": model, "drafts_n": drafts, "models_m": models, "category": meta["category"], "difficulty": meta["difficulty"],
            "max_iters": max_iters, "iterations": res.iterations, "chosen_index": k,
            "drafts_passed": draft_pass,
            "chosen_passed": draft_pass[k] if k is not None and k < len(draft_pass) else passed[-1],
            "final_passed": passed[-1], "status": res.status,
            "verified": res.verified, "agreement": res.agreement, "wall_seconds": round(wall, 1),
            "tokens": res.prompt_tokens + res.completion_tokens, "chosen": sel.get("chosen"),
            "clusters": [[len(c["members"]), len(c["models"]), c["examples_ok"]] for c in sel.get("clusters", [])],
            "voting_models": sel.get("voting_models"), "model_notes": sel.get("model_notes"),
            "chosen_category": verdicts[-1].category, "reason": res.reason[:300],
        }
        with results.open("a") as f:
            f.write(json.dumps(rec) + "\n")
        print(f"{pid}: drafts {sum(draft_pass)}/{len(draft_pass)} pass, chosen {'pass' if rec['chosen_passed'] else 'fail'}, "
              f"final {'pass' if passed[-1] else 'fail'}, {res.status} ({res.agreement}), {wall:.0f} s", flush=True)


def table(out: Path) -> str:
    recs = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line.strip()]
    for r in recs:  # records of runs without repair (before --max-iters): the chosen draft is the final design
        r.setdefault("final_passed", r["chosen_passed"])
    n = len(recs)
    if not n:
        return "no results"

    def frac(k: int | float, d: int) -> str:
        return f"{k:g}/{d} = {k / d:.2f}" if d else "-"

    greedy = sum(bool(r["drafts_passed"] and r["drafts_passed"][0]) for r in recs)
    oracle = sum(any(r["drafts_passed"]) for r in recs)
    sampled = sum(sum(r["drafts_passed"]) / len(r["drafts_passed"]) for r in recs if r["drafts_passed"])
    chosen = sum(r["chosen_passed"] for r in recs)
    final = sum(r["final_passed"] for r in recs)
    repaired = recs[0].get("max_iters", 1) > 1
    ver = [r for r in recs if r["verified"]]
    walls = [r["wall_seconds"] for r in recs]
    toks = [r["tokens"] for r in recs]
    lines = [f"problems: {n} (the first {n} of the fixed subset's seeded order), model {recs[0].get('model')}, "
             f"N={recs[0].get('drafts_n')} drafts, M={recs[0].get('models_m')} models, blind, "
             + (f"repairs up to {recs[0]['max_iters']} iterations" if repaired else "no repair"),
             "| what | value |", "|---|---|",
             f"| greedy single-shot pass@1 (draft 0) | {frac(greedy, n)} |",
             f"| sampled pass@1 (mean over drafts) | {frac(round(sampled, 2), n)} |",
             f"| oracle pass@N (some draft passes, judge-chosen) | {frac(oracle, n)} |",
             f"| blind-selected pass@1 (no repair) | {frac(chosen, n)} |",
             *([f"| full agent pass@1 (selection, then repair) | {frac(final, n)} |"] if repaired else []),
             f"| self-verified | {len(ver)} |",
             f"| verified precision (judge-passed among self-verified) | "
             f"{frac(sum(r['final_passed'] for r in ver), len(ver))} |",
             f"| wall s per problem (mean / median) | {statistics.mean(walls):.0f} / {statistics.median(walls):.0f} |",
             f"| tokens per problem (mean) | {statistics.mean(toks):.0f} |",
             f"| problems where no draft passed (a model limit) | {n - oracle} |",
             f"| problems where a draft passed but the vote chose another | "
             f"{sum(any(r['drafts_passed']) and not r['chosen_passed'] for r in recs)} |"]
    if oracle:
        lines.append(f"\nselected / oracle = {chosen / oracle:.2f}; selected / greedy = "
                     f"{chosen / greedy:.2f}" if greedy else f"\nselected / oracle = {chosen / oracle:.2f}")
    cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in recs:
        c = cat[r["category"]]
        c[0] += 1
        c[1] += bool(r["drafts_passed"] and r["drafts_passed"][0])
        c[2] += any(r["drafts_passed"])
        c[3] += r["chosen_passed"]
        c[4] += r["final_passed"]
    lines += ["", "| category | problems | greedy | oracle | selected | agent |", "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v[0]} | {v[1]} | {v[2]} | {v[3]} | {v[4]} |" for k, v in sorted(cat.items())]
    lines += ["", "| problem | drafts passing | chosen | final | status | agreement | clusters (size, models, examples ok) | s |",
              "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['id']} | {sum(r['drafts_passed'])}/{len(r['drafts_passed'])} | "
              f"{'pass' if r['chosen_passed'] else 'fail'} | {'pass' if r['final_passed'] else 'fail'} | "
              f"{r['status']} | {r['agreement']} | {r['clusters']} | "
              f"{r['wall_seconds']:.0f} |" for r in recs]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["run", "table"])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--drafts", type=int, default=4)
    ap.add_argument("--models", type=int, default=3)
    ap.add_argument("--max-iters", type=int, default=1, help="1: no repair; K > 1: the full agent (repairs)")
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--model", default=MODEL, help="model spec (the measured rows use the default)")
    ap.add_argument("--stop-at", help="HH:MM (UTC): start no problem after this time")
    args = ap.parse_args()
    if args.cmd == "run":
        stop = None
        if args.stop_at:
            h, m = map(int, args.stop_at.split(":"))
            stop = dt.datetime.now(dt.UTC).replace(hour=h, minute=m, second=0, microsecond=0)
        run(args.out, args.drafts, args.models, args.limit, stop, args.model, args.max_iters)
    print(table(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
