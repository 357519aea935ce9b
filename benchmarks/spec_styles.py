"""Pass@1 per spec notation on the fixed 30-problem subset (issue "Specs as people write them").

Each built-in problem has its spec in five notations: the house style (`spec.md`) and
`spec.<style>.md` for prose, sections, table and parens. Every notation states the same behaviour
and the same ports, so pass@1 should not depend on the notation; a notation far below the house
style is a finding. The runs are `veriagent bench run` invocations, blind (no designer tests), one
per (mode, style), resumable (rerunning the same command goes on where it stopped):

    python benchmarks/spec_styles.py run [--mode single|agent] [--styles prose,table] [--stop-at HH:MM]
    python benchmarks/spec_styles.py table [--mode single]

Results go to out/spec_styles/<mode>-<style>/ (results.jsonl, summary). The table prints pass@1,
the interface source the agent used, and the failure classes per notation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agent_vs_single import ROOT, SUITE, _filter, _recorded, make_blind_suite, select

STYLES = ("default", "parens", "sections", "table", "prose")
OUT = ROOT / "out" / "spec_styles"
MODEL = "local:qwen2.5-coder-1.5b"


def run(mode: str, styles: list[str], stop_at: dt.datetime | None, model: str) -> None:
    """Bench each (style, problem), one problem per invocation so a stop loses at most one unit."""
    ids = [p["id"] for p in select()]
    blind = make_blind_suite(SUITE, OUT / "suite-blind")
    exe = str(ROOT / ".venv" / "bin" / "veriagent")
    env = dict(os.environ)
    if mode == "agent":
        env.update(VERIAGENT_AGENT__MAX_ITERS="4", VERIAGENT_AGENT__TIMEOUT="600")
    for pid in ids:  # interleaved: every style of one problem before the next problem
        for style in styles:
            out = OUT / f"{mode}-{style}"
            if pid in _recorded(out):
                continue
            if stop_at is not None and dt.datetime.now(dt.UTC) >= stop_at:
                print(f"stop time reached before {pid} ({style})", flush=True)
                return
            cmd = [exe, "bench", "run", str(blind), "--model", model, "-n", "1", "-j", "1", "--blind",
                   "--filter", _filter([pid]), "--out", str(out), "--no-progress"]
            if mode == "single":
                cmd.append("--no-agent")
            if style != "default":
                cmd += ["--spec-style", style]
            start = dt.datetime.now(dt.UTC)
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
            secs = (dt.datetime.now(dt.UTC) - start).total_seconds()
            print(f"{pid:28s} {style:9s} rc={proc.returncode} {secs:6.1f} s", flush=True)
            if pid not in _recorded(out):
                print(proc.stdout[-2000:], proc.stderr[-2000:], flush=True)


def _records(out: Path) -> list[dict[str, object]]:
    res = out / "results.jsonl"
    if not res.is_file():
        return []
    rows = []
    for line in res.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue
    return [r for r in rows if r.get("judge") == "equivalence"] or rows


def _house_recorded() -> dict[str, dict[str, object]]:
    """The house-style single-shot verdicts recorded in docs/benchmarks.md (same model, greedy, same prompt)."""
    doc = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    start = doc.index("| # | problem | category | difficulty | single |")
    out: dict[str, dict[str, object]] = {}
    for line in doc[start:].splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[0].isdigit():
            break
        out[cells[1]] = {"passed": cells[4] == "pass", "category": None if cells[4] == "pass" else cells[4],
                         "interface_source": "list (recorded)"}
    return out


def table(mode: str) -> None:
    """Pass@1 per notation, paired over the problems every notation has a record for.

    Single-shot: where this run has no house-style record, the verdict recorded in
    docs/benchmarks.md is used (the house-style prompt is byte-identical: same header, same template).
    """
    per = {s: {str(r["problem"]): r for r in _records(OUT / f"{mode}-{s}")} for s in STYLES}
    if mode == "single":
        per["default"] = {**_house_recorded(), **per["default"]}
    common = set.intersection(*(set(v) for v in per.values() if v)) if any(per.values()) else set()
    print(f"mode {mode}, model {MODEL}, greedy, blind; {len(common)} problems with a record in every notation\n")
    print("| notation | problems | pass@1 | interface source | failure classes |")
    print("|---|---:|---:|---|---|")
    for s in STYLES:
        recs = [per[s][p] for p in sorted(common)]
        if not recs:
            continue
        passed = sum(bool(r["passed"]) for r in recs)
        src = Counter(str(r.get("interface_source")) for r in recs)
        cats = Counter(str(r.get("category")) for r in recs if not r["passed"])
        print(f"| {s} | {len(recs)} | {passed}/{len(recs)} | "
              + ", ".join(f"{k} {v}" for k, v in src.most_common()) + " | "
              + ", ".join(f"{k} {v}" for k, v in cats.most_common()) + " |")
    flips = [p for p in sorted(common) if len({bool(per[s][p]["passed"]) for s in STYLES if per[s]}) > 1]
    if flips:
        print("\nproblems whose verdict depends on the notation:")
        for p in flips:
            print(f"- {p}: " + ", ".join(f"{s} {'pass' if per[s][p]['passed'] else per[s][p].get('category')}"
                                         for s in STYLES if per[s]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--mode", choices=["single", "agent"], default="single")
    r.add_argument("--styles", default=",".join(STYLES))
    r.add_argument("--stop-at", default=None, help="HH:MM UTC: start no unit after this")
    r.add_argument("--model", default=MODEL)
    t = sub.add_parser("table")
    t.add_argument("--mode", choices=["single", "agent"], default="single")
    args = ap.parse_args()
    if args.cmd == "run":
        stop = None
        if args.stop_at:
            hh, mm = (int(x) for x in args.stop_at.split(":"))
            now = dt.datetime.now(dt.UTC)
            stop = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
            if stop < now:
                stop += dt.timedelta(days=1)
        run(args.mode, args.styles.split(","), stop, args.model)
    else:
        table(args.mode)


if __name__ == "__main__":
    main()
