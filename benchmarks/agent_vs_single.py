"""Agent vs single-shot on a fixed, stratified 30-problem subset of datasets/hdlbits-style.

Usage:
    python benchmarks/agent_vs_single.py select                 # print the subset (no model)
    python benchmarks/agent_vs_single.py run [--stage single|agent|both|interleave] [--stop-at HH:MM]
    python benchmarks/agent_vs_single.py table                  # read both runs, print the table

Both runs are `veriagent bench run` invocations in BLIND mode: the suite's designer tests
(`<problem>/tests/`) would otherwise reach the generator (`Problem.designer_view()` carries
`user_tests_dir` and the agent uses it instead of self-written tests; the CLI has no option to
withhold them), so the script builds a copy of the suite without any `tests/` directory under
OUT/suite-blind and benches that. The judge (equivalence, hidden reference) is unchanged.

Problems run one `veriagent bench` invocation each, in the seeded order of the subset, into one
`--out` dir per mode: the bench run is resumable (results.jsonl), so rerunning the same command
skips what is recorded and a partial run is never lost; the fixed order makes a partial agent run
a seeded-random (not alphabetical) part of the subset. Equivalent single command per mode:
    veriagent bench run OUT/suite-blind --model local:qwen2.5-coder-1.5b --no-agent -n 1 -j 1 \
        --filter '^(id1|id2|...)$' --out OUT/single
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "datasets" / "hdlbits-style"
MODEL = "local:qwen2.5-coder-1.5b"
SEED = 20261122
N = 30
DIFFS = ("easy", "medium", "hard")


def _problems(suite: Path) -> list[dict[str, str]]:
    """id, category, difficulty of every problem in the suite, sorted by id."""
    out = []
    for toml_path in sorted(suite.glob("*/problem.toml")):
        meta = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        out.append({"id": str(meta.get("id", toml_path.parent.name)), "category": str(meta["category"]),
                    "difficulty": str(meta.get("difficulty", "medium"))})
    return out


def _largest_remainder(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Allocate n proportionally to sizes (Hamilton's method, ties broken by key)."""
    total = sum(sizes.values())
    quotas = {k: n * v / total for k, v in sizes.items()}
    alloc = {k: int(q) for k, q in quotas.items()}
    rest = n - sum(alloc.values())
    for k in sorted(quotas, key=lambda k: (-(quotas[k] - alloc[k]), k))[:rest]:
        alloc[k] += 1
    return alloc


def select(suite: Path = SUITE, n: int = N, seed: int = SEED) -> list[dict[str, str]]:
    """The fixed subset, in run order: proportional per category, then per difficulty inside it.

    Each category gets its largest-remainder share of n; inside a category the share is split over
    difficulties the same way; problems are drawn at random (seeded) inside each category x
    difficulty stratum. The result is shuffled with the same seed to give the run order.
    """
    rng = random.Random(seed)
    probs = _problems(suite)
    by_cat: dict[str, list[dict[str, str]]] = defaultdict(list)
    for p in probs:
        by_cat[p["category"]].append(p)
    cat_alloc = _largest_remainder({c: len(v) for c, v in by_cat.items()}, n)
    chosen: list[dict[str, str]] = []
    for cat in sorted(by_cat):
        k = cat_alloc[cat]
        if not k:
            continue
        by_diff: dict[str, list[dict[str, str]]] = defaultdict(list)
        for p in by_cat[cat]:
            by_diff[p["difficulty"]].append(p)
        diff_alloc = _largest_remainder({d: len(v) for d, v in by_diff.items()}, k)
        for diff in DIFFS:
            if diff_alloc.get(diff):
                chosen.extend(rng.sample(sorted(by_diff[diff], key=lambda p: p["id"]), diff_alloc[diff]))
    rng.shuffle(chosen)
    return chosen


def make_blind_suite(src: Path, dst: Path) -> Path:
    """Copy the suite without any designer tests (tests/ dirs), so the generator runs blind."""
    if (dst / "suite.toml").is_file():
        return dst
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp, ignore=shutil.ignore_patterns("tests", "__pycache__", ".*"))
    tmp.rename(dst)
    return dst


def _filter(ids: list[str]) -> str:
    return "^(" + "|".join(ids) + ")$"


def _recorded(out: Path) -> set[str]:
    res = out / "results.jsonl"
    if not res.is_file():
        return set()
    done = set()
    for line in res.read_text(encoding="utf-8").splitlines():
        try:
            done.add(json.loads(line)["problem"])
        except (ValueError, KeyError):
            continue
    return done


def run_mode(mode: str, ids: list[str], outdir: Path, blind: Path, *, stop_at: dt.datetime | None,
             max_iters: int, agent_timeout: float, max_tokens: int) -> None:
    """Bench each problem in order (one invocation each, resumable), until stop_at."""
    out = outdir / mode
    env = dict(os.environ)
    if mode == "agent":
        env["VERIAGENT_AGENT__MAX_ITERS"] = str(max_iters)
        env["VERIAGENT_AGENT__TIMEOUT"] = str(agent_timeout)
        env["VERIAGENT_AGENT__MAX_TOKENS"] = str(max_tokens)
    exe = str(ROOT / ".venv" / "bin" / "veriagent")
    walls = out.parent / f"{mode}-walltimes.jsonl"
    for pid in ids:
        if pid in _recorded(out):
            continue
        now = dt.datetime.now(dt.UTC)
        if stop_at is not None and now >= stop_at:
            print(f"[{mode}] stop time reached before {pid}", flush=True)
            return
        argv = [exe, "bench", "run", str(blind), "--model", MODEL, "--agent" if mode == "agent" else "--no-agent",
                "-n", "1", "-j", "1", "--filter", _filter([pid]), "--out", str(out), "--no-progress"]
        t0 = time.monotonic()
        load0 = os.getloadavg()[0]
        proc = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
        wall = time.monotonic() - t0
        with walls.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"problem": pid, "wall": round(wall, 1), "rc": proc.returncode,
                                 "load_before": load0, "load_after": os.getloadavg()[0],
                                 "time": now.isoformat(timespec="seconds")}) + "\n")
        print(f"[{mode}] {pid}: rc={proc.returncode} wall={wall:.0f}s load={os.getloadavg()[0]:.1f}", flush=True)
        if proc.returncode != 0 or pid not in _recorded(out):  # rc 1: a reference failed to judge
            print((proc.stdout + proc.stderr)[-2000:], file=sys.stderr, flush=True)


def _records(out: Path) -> dict[str, dict[str, Any]]:
    recs: dict[str, dict[str, Any]] = {}
    res = out / "results.jsonl"
    if res.is_file():
        for line in res.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("judge") == "equivalence" and r.get("sample") == 0:
                recs.setdefault(r["problem"], r)
    return recs


def _gen_wall(rec: dict[str, Any], out: Path) -> float | None:
    """Generation wall time from the trace's report.json (what run_agent measured)."""
    td = rec.get("trace_dir")
    if not td:
        return None
    p = Path(td)
    if not p.is_absolute():
        p = ROOT / p if (ROOT / p).exists() else out / p
    rep = p / "report.json"
    if rep.is_file():
        return float(json.loads(rep.read_text(encoding="utf-8")).get("wall_seconds", 0.0))
    return None


def _stats(xs: list[float]) -> str:
    if not xs:
        return "–"
    return f"{statistics.mean(xs):.0f} / {statistics.median(xs):.0f}"


def table(outdir: Path, subset: list[dict[str, str]]) -> str:
    """Markdown tables: overall, paired on problems both runs covered, failures by category."""
    meta = {p["id"]: p for p in subset}
    runs = {m: _records(outdir / m) for m in ("single", "agent")}
    walls: dict[str, dict[str, float]] = {}
    for m in runs:
        w = outdir / f"{m}-walltimes.jsonl"
        walls[m] = {}
        if w.is_file():
            for line in w.read_text(encoding="utf-8").splitlines():
                d = json.loads(line)
                walls[m][d["problem"]] = d["wall"]
    both = [p["id"] for p in subset if p["id"] in runs["single"] and p["id"] in runs["agent"]]
    lines = []

    def row(name: str, m: str, ids: list[str]) -> str:
        recs = [runs[m][i] for i in ids if i in runs[m]]
        if not recs:
            return f"| {name} | {m} | 0 | – | – | – | – |"
        passed = sum(1 for r in recs if r["passed"])
        toks = [float(r.get("tokens") or 0) for r in recs]
        gw = [g for g in (_gen_wall(r, outdir / m) for r in recs) if g is not None]
        iw = [walls[m][r["problem"]] for r in recs if r["problem"] in walls[m]]
        return (f"| {name} | {m} | {len(recs)} | {passed}/{len(recs)} = {passed / len(recs):.2f} | {_stats(toks)} | "
                f"{_stats(gw)} | {_stats(iw)} |")

    lines.append("| problems | run | n | pass@1 | tokens/problem mean / median | generation wall s mean / median "
                 "| bench wall s mean / median (incl. load + judge) |")
    lines.append("|---|---|---|---|---|---|---|")
    all_ids = [p["id"] for p in subset]
    lines.append(row("all run", "single", all_ids))
    lines.append(row("all run", "agent", all_ids))
    lines.append(row(f"paired ({len(both)})", "single", both))
    lines.append(row(f"paired ({len(both)})", "agent", both))
    if both:
        ps = sum(1 for i in both if runs["single"][i]["passed"])
        pa = sum(1 for i in both if runs["agent"][i]["passed"])
        ts = sum(float(runs["single"][i].get("tokens") or 0) for i in both)
        ta = sum(float(runs["agent"][i].get("tokens") or 0) for i in both)
        ratio = f"{pa / ps:.2f}x" if ps else ("inf" if pa else "n/a (0/0)")
        lines.append("")
        lines.append(f"Paired ({len(both)} problems): pass@1 single {ps}/{len(both)}, agent {pa}/{len(both)}, "
                     f"ratio {ratio}; tokens agent/single {ta / ts:.2f}x" if ts else "")
    lines.append("")
    lines.append("Per problem (run order):")
    lines.append("")
    lines.append("| # | problem | category | difficulty | single | single tokens | agent | agent tokens | agent iters "
                 "| agent self-verified |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for k, pid in enumerate(all_ids, 1):
        cells = []
        for m in ("single", "agent"):
            r = runs[m].get(pid)
            if r is None:
                cells += ["not run", "–"]
            else:
                cells += ["pass" if r["passed"] else (r.get("category") or "fail"), str(r.get("tokens") or 0)]
        ra = runs["agent"].get(pid)
        extra = [str(ra.get("iterations")), str(ra.get("self_verified"))] if ra else ["–", "–"]
        lines.append(f"| {k} | {pid} | {meta[pid]['category']} | {meta[pid]['difficulty']} | "
                     + " | ".join(cells[:2] + cells[2:] + extra) + " |")
    for m in ("single", "agent"):
        fails = [r for r in runs[m].values() if not r["passed"]]
        if not runs[m]:
            continue
        by_cat: Counter[str] = Counter(meta[r["problem"]]["category"] for r in fails)
        tot_cat: Counter[str] = Counter(meta[i]["category"] for i in runs[m])
        by_cls: Counter[str] = Counter(str(r.get("category")) for r in fails)
        lines.append("")
        lines.append(f"{m}: failures by problem category (failed/run): "
                     + ", ".join(f"{c} {by_cat[c]}/{tot_cat[c]}" for c in sorted(tot_cat)))
        lines.append(f"{m}: failures by class: " + (", ".join(f"{c} {n}" for c, n in by_cls.most_common()) or "none"))
        fv = [r["problem"] for r in fails if r.get("self_verified")]
        if m == "agent":
            lines.append(f"agent: self-verified but rejected by the judge: {len(fv)}/{len(fails)} failures"
                         + (f" ({', '.join(fv)})" if fv else ""))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cmd", choices=("select", "run", "table"))
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "agent_vs_single")
    ap.add_argument("--stage", choices=("single", "agent", "both", "interleave"), default="both",
                    help="both: all single-shot, then the agent; interleave: single then agent per problem")
    ap.add_argument("--stop-at", default=None, help="UTC HH:MM: start no new problem after this")
    ap.add_argument("--max-iters", type=int, default=4)
    ap.add_argument("--agent-timeout", type=float, default=600.0, help="agent wall seconds per problem")
    ap.add_argument("--max-tokens", type=int, default=30000, help="agent tokens per problem")
    args = ap.parse_args()
    subset = select()
    if args.cmd == "select":
        for k, p in enumerate(subset, 1):
            print(f"{k:2d} {p['id']:24s} {p['category']:16s} {p['difficulty']}")
        print("filter:", _filter([p["id"] for p in subset]))
        return 0
    if args.cmd == "table":
        print(table(args.out, subset))
        return 0
    stop = None
    if args.stop_at:
        hh, mm = (int(x) for x in args.stop_at.split(":"))
        stop = dt.datetime.now(dt.UTC).replace(hour=hh, minute=mm, second=0, microsecond=0)
    args.out.mkdir(parents=True, exist_ok=True)
    blind = make_blind_suite(SUITE, args.out / "suite-blind")
    ids = [p["id"] for p in subset]
    if args.stage == "interleave":
        for pid in ids:
            for mode in ("single", "agent"):
                run_mode(mode, [pid], args.out, blind, stop_at=stop, max_iters=args.max_iters,
                         agent_timeout=args.agent_timeout, max_tokens=args.max_tokens)
        print(table(args.out, subset))
        return 0
    for mode in (("single", "agent") if args.stage == "both" else (args.stage,)):
        run_mode(mode, ids, args.out, blind, stop_at=stop, max_iters=args.max_iters,
                 agent_timeout=args.agent_timeout, max_tokens=args.max_tokens)
    print(table(args.out, subset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
