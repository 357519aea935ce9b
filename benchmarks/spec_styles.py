"""Pass@1 per spec notation on the fixed 30-problem subset (issue "Specs as people write them").

Each built-in problem has its spec in five notations: the house style (`spec.md`) and
`spec.<style>.md` for prose, sections, table and parens. Every notation states the same behaviour
and the same ports, so pass@1 should not depend on the notation; a notation far below the house
style is a finding. The runs are `veriagent bench run` invocations, blind (no designer tests), one
per (mode, style), resumable (rerunning the same command goes on where it stopped):

    python benchmarks/spec_styles.py run [--mode single|agent] [--styles prose,table] [--stop-at HH:MM]
    python benchmarks/spec_styles.py run --before CHECKOUT [--mode single|agent] ...
    python benchmarks/spec_styles.py rejudge [--mode single|agent]   # the old code's designs, today's judge
    python benchmarks/spec_styles.py table [--mode single] [--no-before] [--styles sections]   # pairs over common problems

Results go to out/spec_styles/<mode>-<style>/ (results.jsonl, summary). The table prints pass@1,
the interface source the agent used, and the failure classes per notation.

Each finished unit is also kept in benchmarks/records/spec_styles/<run>/ (tracked): its record line in
results.jsonl and the returned design as designs/<problem>.v. `run` skips what is kept there, and
`table` and `rejudge` read it, so an agent measurement of hours can be run, committed and resumed
over several sessions on fresh machines (`out/` is not tracked).

`--before CHECKOUT` measures the code before the one interface extractor: CHECKOUT is a checkout of
that commit (`git worktree add --detach ../before d3d82f0^`), run with this venv's packages
(PYTHONPATH; its `prompts` and `testbenches` are linked into its package, because this venv's
editable install maps `veriagent.prompts` to this checkout). That code has no `--spec-style`, so each notation gets its own copy of the blind
suite with `spec.md` replaced by `spec.<style>.md`; results go to out/spec_styles/<mode>-before-<style>/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agent_vs_single import ROOT, SUITE, _filter, _recorded, make_blind_suite, select

STYLES = ("default", "parens", "sections", "table", "prose")
OUT = ROOT / "out" / "spec_styles"
RECORDS = ROOT / "benchmarks" / "records" / "spec_styles"
MODEL = "local:qwen2.5-coder-1.5b"


def styled_suite(blind: Path, style: str) -> Path:
    """A copy of the blind suite whose spec.md is the spec.<style>.md of each problem (for old code)."""
    dst = OUT / f"suite-blind-as-{style}"
    if (dst / "suite.toml").is_file():
        return dst
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(blind, tmp)
    for spec in tmp.glob("*/spec.md"):
        styled = spec.with_name(f"spec.{style}.md")
        if styled.is_file():
            spec.write_text(styled.read_text(encoding="utf-8"), encoding="utf-8")
        for alt in spec.parent.glob("spec.*.md"):
            alt.unlink()
    tmp.rename(dst)
    return dst


def run(mode: str, styles: list[str], stop_at: dt.datetime | None, model: str,
        before: Path | None = None) -> None:
    """Bench each (style, problem), one problem per invocation so a stop loses at most one unit."""
    ids = [p["id"] for p in select()]
    blind = make_blind_suite(SUITE, OUT / "suite-blind")
    exe = [str(ROOT / ".venv" / "bin" / "veriagent")]
    env = dict(os.environ)
    if before is not None:  # the old code, this venv's packages
        exe = [sys.executable, "-c", "from veriagent.cli import app; app()"]
        env["PYTHONPATH"] = str(before.resolve())
        for data in ("prompts", "testbenches"):  # else the editable install maps them to this checkout
            link = before / "veriagent" / data
            if not link.exists():
                link.symlink_to(Path("..") / data)
    # agent mode: the agent's defaults (N = 5 drafts, M = 3 models, up to 6 iterations, 1800 s), as in
    # the house-style selection run recorded in docs/benchmarks.md, so its verdicts pair with these
    for pid in ids:  # interleaved: every style of one problem before the next problem
        for style in styles:
            out = OUT / (f"{mode}-before-{style}" if before is not None else f"{mode}-{style}")
            if pid in {str(r["problem"]) for r in _records(out)}:  # kept or under out/
                continue
            if stop_at is not None and dt.datetime.now(dt.UTC) >= stop_at:
                print(f"stop time reached before {pid} ({style})", flush=True)
                return
            suite = blind if before is None or style == "default" else styled_suite(blind, style)
            cmd = [*exe, "bench", "run", str(suite), "--model", model, "-n", "1", "-j", "1", "--blind",
                   "--filter", _filter([pid]), "--out", str(out), "--no-progress"]
            if mode == "single":
                cmd.append("--no-agent")
            if style != "default" and before is None:
                cmd += ["--spec-style", style]
            start = dt.datetime.now(dt.UTC)
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True,  # cwd: `-c` puts it first on sys.path
                                  cwd=before.resolve() if before is not None else None)
            secs = (dt.datetime.now(dt.UTC) - start).total_seconds()
            print(f"{pid:28s} {style:9s} rc={proc.returncode} {secs:6.1f} s", flush=True)
            if pid not in _recorded(out):
                print(proc.stdout[-2000:], proc.stderr[-2000:], flush=True)
            else:
                keep(out)


def _design(out: Path, pid: str) -> str | None:
    """The design a run returned for ``pid``: from its unit under ``out``, else from the kept records."""
    gen = out / "units" / pid / "0" / "generated.json"
    if gen.is_file():
        src = json.loads(gen.read_text(encoding="utf-8")).get("source")
        return str(src) if src else None
    kept = RECORDS / out.name / "designs" / f"{pid}.v"
    return kept.read_text(encoding="utf-8") if kept.is_file() else None


def keep(out: Path) -> None:
    """Copy the run's judged records and returned designs to RECORDS/<run>/ (merged by problem)."""
    dst = RECORDS / out.name
    rows = {str(r["problem"]): r for r in _read_jsonl(dst / "results.jsonl")}
    new = {str(r["problem"]): r for r in _records(out, kept=False)}
    if not new:
        return
    rows.update(new)
    (dst / "designs").mkdir(parents=True, exist_ok=True)
    for pid, rec in new.items():
        src = _design(out, pid)
        if src:
            (dst / "designs" / f"{pid}.v").write_text(src, encoding="utf-8")
        for path_field in ("artifacts", "trace_dir"):  # paths into this machine's out/, not kept
            rec.pop(path_field, None)
        rec["candidate"] = f"designs/{pid}.v" if src else None
    tmp = dst / "results.jsonl.tmp"
    tmp.write_text("".join(json.dumps(rows[p], sort_keys=True) + "\n" for p in sorted(rows)), encoding="utf-8")
    tmp.replace(dst / "results.jsonl")


def _read_jsonl(res: Path) -> list[dict[str, object]]:
    if not res.is_file():
        return []
    rows = []
    for line in res.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue
    return [r for r in rows if r.get("judge") == "equivalence"] or rows


def _records(out: Path, kept: bool = True) -> list[dict[str, object]]:
    """The run's judged records: those kept in RECORDS/<run>/, overridden by those under ``out``."""
    rows = {str(r["problem"]): r for r in _read_jsonl(RECORDS / out.name / "results.jsonl")} if kept else {}
    rows.update({str(r["problem"]): r for r in _read_jsonl(out / "results.jsonl")})
    return list(rows.values())


def _doc_rows(header: str) -> list[list[str]]:
    """The rows of the docs/benchmarks.md table that starts with ``header``."""
    doc = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    rows = []
    for line in doc[doc.index(header) :].splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5:
            break
        rows.append(cells)
    return rows


def _house_recorded(mode: str) -> dict[str, dict[str, object]]:
    """The house-style verdicts recorded in docs/benchmarks.md (same model, same prompt).

    single: the 2026-11-29 single-shot run (greedy). agent: the 2026-12-06 selection run, N = 5,
    M = 3, up to 6 iterations (the defaults), the returned design (column `final`), commit 224b7f6,
    which already has the new extractor. The single-shot run predates the extractor; the extractor
    reads the house style's header byte-identically, so the prompt is the same.
    """
    out: dict[str, dict[str, object]] = {}
    if mode == "single":
        for cells in _doc_rows("| # | problem | category | difficulty | single |"):
            if not cells[0].isdigit():
                break
            ok = cells[4] == "pass"
            out[cells[1]] = {"passed": ok, "category": None if ok else cells[4], "interface_source": "list (recorded)"}
    else:
        for cells in _doc_rows("| problem | drafts passing | chosen | final | status |"):
            ok = cells[3] == "pass"
            out[cells[0]] = {"passed": ok, "category": None if ok else f"status {cells[4]}",
                             "interface_source": "list (recorded)"}
    return out


def table(mode: str, before: bool = True, styles: list[str] | None = None) -> None:
    """Pass@1 per notation, paired over the problems every present run has a record for.

    Where this run has no house-style record, the verdict recorded in docs/benchmarks.md is used (the
    house-style prompt is byte-identical: same header, same template). Rows `<style> (before)` are
    the old code's runs (`run --before`), when present. ``styles``: only these notations (and the
    house style), so one notation's complete runs pair over all their problems.
    """
    shown = [s for s in STYLES if s == "default" or styles is None or s in styles]
    per = {s: {str(r["problem"]): r for r in _records(OUT / f"{mode}-{s}")} for s in shown}
    per["default"] = {**_house_recorded(mode), **per["default"]}
    for s in shown[1:] if before else []:
        per[f"{s} (before)"] = {str(r["problem"]): r for r in _records(OUT / f"{mode}-before-{s}")}
    present = {k: v for k, v in per.items() if v}
    common = set.intersection(*(set(v) for v in present.values())) if present else set()
    what = "greedy" if mode == "single" else "the default agent (N = 5, M = 3, up to 6 iterations)"
    print(f"mode {mode}, model {MODEL}, {what}, blind; {len(common)} problems with a record in every row\n")
    print("| notation | problems | pass@1 | interface source | failure classes |")
    print("|---|---:|---:|---|---|")
    for s, recs_by in present.items():
        recs = [recs_by[p] for p in sorted(common)]
        passed = sum(bool(r["passed"]) for r in recs)
        src = Counter(str(r.get("interface_source", "(not recorded)")) for r in recs)
        cats = Counter(str(r.get("category")) for r in recs if not r["passed"])
        print(f"| {s} | {len(recs)} | {passed}/{len(recs)} | "
              + ", ".join(f"{k} {v}" for k, v in src.most_common()) + " | "
              + ", ".join(f"{k} {v}" for k, v in cats.most_common()) + " |")
    after = [s for s in shown if s in present]
    flips = [p for p in sorted(common) if len({bool(per[s][p]["passed"]) for s in after}) > 1]
    if flips:
        print("\nproblems whose verdict depends on the notation (new extractor):")
        for p in flips:
            print(f"- {p}: " + ", ".join(f"{s} {'pass' if per[s][p]['passed'] else per[s][p].get('category')}"
                                         for s in after))
    for s in shown[1:]:
        b = f"{s} (before)"
        if b not in present or s not in present:
            continue
        won = [p for p in sorted(common) if per[s][p]["passed"] and not per[b][p]["passed"]]
        lost = [p for p in sorted(common) if per[b][p]["passed"] and not per[s][p]["passed"]]
        print(f"\n{s}: passes with the new extractor only: {', '.join(won) or '-'}; "
              f"with the old only: {', '.join(lost) or '-'}")


def rejudge(mode: str) -> None:
    """Judge the designs of the `--before` runs again with this checkout's judge; print agreement.

    The old runs were judged by the old code's own judge; this shows the verdicts do not depend on
    which judge ran (the judge was refactored since, not changed in behaviour).
    """
    blind = make_blind_suite(SUITE, OUT / "suite-blind")
    for style in STYLES[1:]:
        run_dir = OUT / f"{mode}-before-{style}"
        old = {str(r["problem"]): r for r in _records(run_dir)}
        if not old:
            continue
        cands = run_dir / "rejudge-candidates"
        shutil.rmtree(cands, ignore_errors=True)
        for pid in old:
            src = _design(run_dir, pid)
            if src:  # none: judged as no-code, like the old run
                (cands / pid).mkdir(parents=True, exist_ok=True)
                (cands / pid / "0.v").write_text(src, encoding="utf-8")
        out = run_dir / "rejudged"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [str(ROOT / ".venv" / "bin" / "veriagent"), "bench", "run", str(blind), "--candidates", str(cands),
               "--filter", _filter(sorted(old)), "--out", str(out), "--no-progress", "-j", "1"]
        subprocess.run(cmd, capture_output=True, text=True, check=False)
        new = {str(r["problem"]): r for r in _records(out, kept=False)}
        same = [p for p in old if p in new and bool(new[p]["passed"]) == bool(old[p]["passed"])]
        differ = sorted(set(old) - set(same))
        print(f"{style}: {len(same)}/{len(old)} verdicts agree; "
              f"today's judge passes {sum(bool(r['passed']) for r in new.values())}, the old "
              f"{sum(bool(r['passed']) for r in old.values())}" + (f"; differ: {', '.join(differ)}" if differ else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--mode", choices=["single", "agent"], default="single")
    r.add_argument("--styles", default=",".join(STYLES))
    r.add_argument("--stop-at", default=None, help="HH:MM UTC: start no unit after this")
    r.add_argument("--model", default=MODEL)
    r.add_argument("--before", type=Path, default=None,
                   help="checkout of the commit before the interface extractor (measure the old code)")
    j = sub.add_parser("rejudge")
    j.add_argument("--mode", choices=["single", "agent"], default="single")
    t = sub.add_parser("table")
    t.add_argument("--mode", choices=["single", "agent"], default="single")
    t.add_argument("--no-before", action="store_true",
                   help="leave out the old code's rows (they pair only over the problems they have run)")
    t.add_argument("--styles", default=None, help="only these notations beside the house style, e.g. sections")
    args = ap.parse_args()
    if args.cmd == "run":
        stop = None
        if args.stop_at:
            hh, mm = (int(x) for x in args.stop_at.split(":"))
            now = dt.datetime.now(dt.UTC)
            stop = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
            if stop < now:
                stop += dt.timedelta(days=1)
        run(args.mode, args.styles.split(","), stop, args.model, args.before)
    elif args.cmd == "rejudge":
        rejudge(args.mode)
    else:
        table(args.mode, before=not args.no_before,
              styles=args.styles.split(",") if args.styles else None)


if __name__ == "__main__":
    main()
