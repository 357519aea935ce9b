"""Repair-only benchmark: does the agent loop fix an injected bug within 3 repair iterations?

For ~10 problems of datasets/hdlbits-style (seeded choice among those that ship designer tests),
the reference design is broken twice, separately:
  - compile: the first statement's `;` is removed (kept only if the checkers then report an error);
  - functional: a single-site mutant (veriagent/train/mutate.py, seeded order) that compiles and that the
    equivalence judge rejects (equivalent mutants are skipped).
The broken design is handed to the loop as its first draft (a wrapper backend answers the draft
prompt with it, zero tokens; every other call goes to the real model), with `max_iters = 4`
(the draft + 3 repairs). The loop's oracle is the suite's designer tests (`--oracle user-tests`,
default) or its own self-written tests (`--oracle self`). The final RTL is judged by the hidden
reference (equivalence judge); a case counts as repaired when that passes.

    .venv/bin/python benchmarks/repair_only.py [--n 10] [--model local:qwen2.5-coder-1.5b]
        [--oracle user-tests|self] [--out out/repair_only] [--stop-at HH:MM]

Resumable: each finished case is appended to OUT/results.jsonl and skipped on rerun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from veriagent.agent.loop import run_agent  # noqa: E402
from veriagent.bench.judge import judge_candidates  # noqa: E402
from veriagent.bench.models import Candidate, Problem  # noqa: E402
from veriagent.bench.suite import load_suite  # noqa: E402
from veriagent.config import AgentConfig, load_settings  # noqa: E402
from veriagent.hdl.check import check_source  # noqa: E402
from veriagent.llm.base import ChatBackend, GenParams, Message, Reply, Usage  # noqa: E402
from veriagent.llm.registry import get_backend  # noqa: E402
from veriagent.train.mutate import mutants  # noqa: E402
from veriagent.train.repair_data import compile_edits  # noqa: E402

SEED = 20261122
DRAFT_MARK = "Write the Verilog module described by this specification."


class DraftInjector:
    """A backend that answers the (first) draft prompt with a given design, and delegates the rest."""

    def __init__(self, inner: ChatBackend, rtl: str) -> None:
        self.inner = inner
        self.rtl = rtl
        self.name = f"inject+{inner.name}"
        self.injected = False

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """The injected design for the first draft prompt, the real model otherwise."""
        user = messages[-1].content if messages else ""
        if not self.injected and user.startswith(DRAFT_MARK):
            self.injected = True
            return Reply(text=f"```verilog\n{self.rtl}\n```", usage=Usage(0, 0), latency=0.0, model="injected")
        return self.inner.chat(messages, params)


def compile_bug(ref: str, top: str) -> str | None:
    """The reference with the `;` of its first body statement removed, if the checkers then fail."""
    for kind, broken in compile_edits(ref, top):
        if kind == "drop-semicolon" and not check_source(broken, top, filename="design.v").ok:
            return broken
    return None


def functional_bug(problem: Problem, ref: str, rng: random.Random) -> tuple[str, str] | None:
    """A compiling single-site mutant the equivalence judge rejects, and its description."""
    ms = mutants(ref)
    rng.shuffle(ms)
    for start in range(0, min(len(ms), 24), 8):
        batch = [m for m in ms[start:start + 8] if check_source(m.source, problem.top, filename="design.v").ok]
        if not batch:
            continue
        res = judge_candidates(problem, [Candidate(problem=problem.id, sample=k, source=m.source)
                                         for k, m in enumerate(batch)])
        for m, r in zip(batch, res, strict=True):
            if not r.passed:
                return m.source, f"{m.kind} line {m.line}: {m.description}"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--model", default="local:qwen2.5-coder-1.5b")
    ap.add_argument("--oracle", choices=("user-tests", "self"), default="user-tests")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "repair_only")
    ap.add_argument("--timeout", type=float, default=900.0, help="agent wall seconds per case")
    ap.add_argument("--stop-at", default=None, help="UTC HH:MM: start no new case after this")
    ap.add_argument("--prepare", action="store_true", help="only build the broken designs (OUT/cases/), no model")
    args = ap.parse_args()
    stop = None
    if args.stop_at:
        hh, mm = (int(x) for x in args.stop_at.split(":"))
        stop = dt.datetime.now(dt.UTC).replace(hour=hh, minute=mm, second=0, microsecond=0)

    suite = load_suite(ROOT / "datasets" / "hdlbits-style")
    rng = random.Random(SEED)
    pool = sorted((p for p in suite.problems if p.user_tests_dir and p.ref_path), key=lambda p: p.id)
    chosen = rng.sample(pool, min(args.n, len(pool)))
    args.out.mkdir(parents=True, exist_ok=True)
    res_path = args.out / "results.jsonl"
    done = {(r["problem"], r["bug"]) for r in map(json.loads, res_path.read_text().splitlines())} \
        if res_path.is_file() else set()
    settings = load_settings()
    # one model: the repair loop as measured before the population defaults (N=5, M=3)
    cfg = AgentConfig(
        **{**settings.agent.model_dump(), "max_iters": 4, "timeout": args.timeout, "samples": 1, "models": 1}
    )
    backend = None if args.prepare else get_backend(args.model, settings)

    for p in chosen:
        assert p.ref_path is not None
        ref = p.ref_path.read_text(encoding="utf-8")
        cases: list[tuple[str, str | None, str]] = [("compile", compile_bug(ref, p.top), "first statement's `;` removed")]
        fb = functional_bug(p, ref, random.Random(f"{SEED}-{p.id}"))
        cases.append(("functional", fb[0] if fb else None, fb[1] if fb else ""))
        for bug, rtl, desc in cases:
            if args.prepare:
                (args.out / "cases").mkdir(exist_ok=True)
                if rtl is not None:
                    (args.out / "cases" / f"{p.id}-{bug}.v").write_text(rtl, encoding="utf-8")
                print(f"{p.id} {bug}: {desc if rtl is not None else 'none'}", flush=True)
                continue
            assert backend is not None
            if (p.id, bug) in done:
                continue
            if stop is not None and dt.datetime.now(dt.UTC) >= stop:
                print("stop time reached")
                return 0
            rec: dict[str, object] = {"problem": p.id, "category": p.category, "bug": bug, "injected": desc}
            if rtl is None:
                rec.update(repaired=None, note="no injectable bug of this kind")
            else:
                t0 = time.monotonic()
                run = run_agent(p.designer_view(), DraftInjector(backend, rtl), cfg, args.out / "runs" / f"{p.id}-{bug}",
                                user_tests=p.user_tests_dir if args.oracle == "user-tests" else None,
                                sim=settings.sim, seed=0)
                final = run.rtl or ""
                verdict = judge_candidates(p, [Candidate(problem=p.id, sample=0, source=final)])[0] if final else None
                rec.update(repaired=bool(verdict and verdict.passed), self_verified=run.verified, status=run.status,
                           iterations=run.iterations, tokens=run.prompt_tokens + run.completion_tokens,
                           wall=round(time.monotonic() - t0, 1), judge_reason=verdict.reason if verdict else "no code")
            with res_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")
            print(json.dumps(rec), flush=True)

    if args.prepare or not res_path.is_file():
        return 0
    recs = [json.loads(x) for x in res_path.read_text().splitlines()]
    for bug in ("compile", "functional"):
        rs = [r for r in recs if r["bug"] == bug and r["repaired"] is not None]
        print(f"{bug}: repaired {sum(1 for r in rs if r['repaired'])}/{len(rs)} within 3 repair iterations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
