"""Containment: (a) judge cost with the sandbox vs without, batched, side by side; (b) the hostile
corpus, case by case: tried / contained / forged; (c) crash-resume under load: kill -9 of a bench
with hostile candidates at random moments, then resume: records lost, duplicated, orphans left.

    .venv/bin/python benchmarks/containment.py [--problems 6] [--samples 20] [--kills 3] [--skip-a|b|c]

The machine may be shared: the load average is printed next to every timing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from hostile import corpus  # noqa: E402

from veriagent import sandbox  # noqa: E402
from veriagent.bench.judge import judge_candidates  # noqa: E402
from veriagent.bench.models import Candidate  # noqa: E402
from veriagent.bench.store import ResultStore  # noqa: E402
from veriagent.bench.suite import load_suite  # noqa: E402
from veriagent.sim.equivalence import EqCandidate, EquivalenceJudge  # noqa: E402
from veriagent.sim.models import StimulusSpec  # noqa: E402
from veriagent.train.mutate import mutants  # noqa: E402


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


@contextlib.contextmanager
def no_sandbox() -> Iterator[None]:
    """Jailed runs go unconfined (as with --unsafe-no-sandbox on a machine without bubblewrap)."""
    real = sandbox.probe
    sandbox.probe = lambda: "off for the benchmark"  # type: ignore[assignment]
    sandbox.allow_unsafe()
    try:
        yield
    finally:
        sandbox.probe = real  # type: ignore[assignment]
        sandbox.allow_unsafe(False)


def part_a(suite_path: Path, n_problems: int, samples: int, rounds: int) -> None:
    suite = load_suite(suite_path)
    rnd = random.Random(11)
    pool = [p for p in suite.problems if p.ref_path]
    chosen = rnd.sample([p for p in pool if not p.sequential], n_problems // 2)
    chosen += rnd.sample([p for p in pool if p.sequential], n_problems - n_problems // 2)
    work = []
    for p in chosen:
        ref = p.ref_path.read_text()  # type: ignore[union-attr]
        srcs = [ref] + [m.source for m in mutants(ref, limit=samples - 1)]
        srcs += [ref] * (samples - len(srcs))
        work.append((p, [Candidate(problem=p.id, sample=i, source=s) for i, s in enumerate(srcs)]))
    n = sum(len(c) for _, c in work)
    totals = {"sandbox": 0.0, "none": 0.0}
    verdicts: dict[str, list[bool]] = {"sandbox": [], "none": []}
    print(f"(a) judge cost, {len(chosen)} problems x {samples} candidates ({n}), batch 20, one process; "
          f"{rounds} alternating rounds; {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for mode in (("sandbox", "none") if r % 2 == 0 else ("none", "sandbox")):
                ctx = no_sandbox() if mode == "none" else contextlib.nullcontext()
                with ctx:
                    t = time.monotonic()
                    got = []
                    for p, cands in work:
                        res = judge_candidates(p, cands, judge="equivalence", batch_size=20, timeout=60, seed=1,
                                               workdir=Path(tmp) / f"{mode}-{r}-{p.id}")
                        got += [x.passed for x in res]
                    totals[mode] += time.monotonic() - t
                    if r == 0:
                        verdicts[mode] = got
    per = {k: 1000 * v / (n * rounds) for k, v in totals.items()}
    print(f"    with the sandbox:    {per['sandbox']:7.1f} ms/candidate")
    print(f"    without (unsafe):    {per['none']:7.1f} ms/candidate")
    print(f"    ratio = {per['sandbox'] / per['none']:.3f}x (goal <= 1.15x); verdicts identical: "
          f"{verdicts['sandbox'] == verdicts['none']} ({sum(verdicts['sandbox'])} passed); {load()}")


def part_b() -> None:
    names = corpus.candidate_names()
    print(f"(b) hostile corpus: {len(names)} candidates (each judged between correct and constant-0 neighbours) "
          f"+ {len(corpus.model_names())} reference models; {load()}")
    contained = forged = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        canary = base / "canary"
        corpus.prepare_canary(canary)
        for name in names:
            work = base / name / "a" / "b" / "judge"
            work.parent.mkdir(parents=True)
            roots = [base]
            before = corpus.snapshot(roots, work) | corpus.shallow([Path("/tmp"), Path("/var/tmp")])
            cands = [EqCandidate(k, v) for k, v in corpus.NEIGHBOURS.items()][:2]
            cands.append(EqCandidate(name, corpus.load_candidate(name, canary)))
            cands += [EqCandidate(k, v) for k, v in corpus.NEIGHBOURS.items()][2:]
            j = EquivalenceJudge(corpus.REFERENCE, "top_module", "top_module", clock=None, reset=None,
                                 stimulus=StimulusSpec(), seed=3, workdir=work, timeout=20, batch_size=64)
            outs = {o.key: o for o in j.judge(cands)}
            after = corpus.snapshot(roots, work) | corpus.shallow([Path("/tmp"), Path("/var/tmp")])
            neighbours_ok = all(outs[k].passed == (k in corpus.SHOULD_PASS) for k in corpus.NEIGHBOURS)
            case = corpus.Case(name, outs[name].passed or not neighbours_ok, outs[name].category,
                               outs[name].reason, sorted(after - before), corpus.processes_with(str(work)))
            contained += case.contained
            forged += case.forged
            flag = "contained" if case.contained else "FORGED" if case.forged else "ESCAPED"
            print(f"    {name:26s} {flag:9s} {case.category or 'passed'}: {case.reason[:70]}"
                  + (f" escapes={case.escapes}" if case.escapes else "") + (f" orphans={case.orphans}" if case.orphans else ""))
    print(f"    designs: tried {len(names)}, contained {contained}, forged {forged}")
    ok = 0
    for name in corpus.model_names():
        with tempfile.TemporaryDirectory() as tmp:
            good = model_contained(Path(tmp), name)
        ok += good
        print(f"    {name:26s} {'contained' if good else 'ESCAPED'}")
    print(f"    reference models: tried {len(corpus.model_names())}, contained {ok}; {load()}")


def model_contained(tmp: Path, name: str) -> bool:
    from veriagent.agent import prompts
    from veriagent.hdl.interface import extract_interface
    from veriagent.sim.cocotb_run import run_cocotb, verdict_dir

    listener = corpus.Listener()
    mark = corpus.new_mark()
    canary = tmp / "canary"
    corpus.prepare_canary(canary)
    code = corpus.fill((corpus.MODELS / f"{name}.py").read_text(), canary, mark, listener.port)
    tdir = tmp / "run" / "tests"
    tdir.mkdir(parents=True)
    iface = extract_interface(corpus.REFERENCE, "top_module")
    (tdir / "test_design.py").write_text(prompts.render("harness", model_code=code, **prompts.interface_context(iface)))
    (tmp / "run" / "design.v").write_text(corpus.GOOD)
    build = tmp / "run" / "build"
    build.mkdir()
    before = corpus.snapshot([tmp], build, verdict_dir(build)) | corpus.shallow([Path("/tmp"), Path("/var/tmp")])
    try:
        run_cocotb([tmp / "run" / "design.v"], "top_module", "test_design", tdir, build_dir=build, timeout=10)
    finally:
        listener.close()
    after = corpus.snapshot([tmp], build, verdict_dir(build)) | corpus.shallow([Path("/tmp"), Path("/var/tmp")])
    uid_files = [build / f for f in ("uid.txt", "ctypes_uid.txt") if (build / f).is_file()]
    root = any(f.read_text().strip() == "0" for f in uid_files)
    return not (after - before) and not corpus.processes_with(mark) and listener.connections == 0 and not root


def part_c(kills: int, jobs: int) -> None:
    """kill -9 of a running bench (its whole process group) at random moments, then resume."""
    print(f"(c) crash-resume under load: {kills} x kill -9 during a bench with hostile candidates, -j {jobs}; {load()}")
    rnd = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        cands = Path(tmp) / "cands" / "maj"
        cands.mkdir(parents=True)
        names = corpus.candidate_names()
        canary = Path(tmp) / "canary"
        corpus.prepare_canary(canary)
        srcs = [corpus.load_candidate(n, canary) for n in names] + [corpus.GOOD, corpus.ZERO] * 5
        for i, s in enumerate(srcs):
            (cands / f"{i}.v").write_text(s)
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-c", "from veriagent.cli import main; main()", "bench", "run",
               str(REPO / "tests" / "hostile" / "suite"), "--candidates", str(Path(tmp) / "cands"),
               "--out", str(out), "--no-progress", "-j", str(jobs), "--batch-size", "8"]
        orphans: list[str] = []
        for k in range(kills):
            proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rnd.uniform(10.0, 40.0))
            before = _count(out)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            time.sleep(1.0)
            left = corpus.processes_with(str(out))
            orphans += left
            for line in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(line.split(":")[0]), signal.SIGKILL)
            print(f"    kill {k + 1}: {before} records stored when killed; processes left: {len(left)}")
        t = time.monotonic()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.monotonic() - t
        if done.returncode != 0:
            print(f"    resume failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
            return
        lines = (out / "results.jsonl").read_text().splitlines()
        keys = [(json.loads(x)["problem"], json.loads(x)["sample"]) for x in lines]
        dup = len(keys) - len(set(keys))
        lost = len(srcs) - len(set(keys))
        recs = ResultStore(out).load() if not dup else []
        passed = sorted(r.sample for r in recs if r.passed)
        should = sorted(i for i, s in enumerate(srcs) if s == corpus.GOOD)
        print(f"    resume: exit {done.returncode} in {wall:.0f}s; records {len(set(keys))}/{len(srcs)}: lost {lost}, "
              f"duplicated {dup}, orphans {len(orphans)}; passed exactly the correct ones: {passed == should}; {load()}")


def _count(out: Path) -> int:
    p = out / "results.jsonl"
    return len(p.read_text().splitlines()) if p.exists() else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", type=Path, default=REPO / "datasets" / "hdlbits-style")
    ap.add_argument("--problems", type=int, default=6)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    for part in "abc":
        ap.add_argument(f"--skip-{part}", action="store_true")
    ns = ap.parse_args()
    print(f"sandbox: {sandbox.describe()}; bwrap {shutil.which('bwrap')}; {os.cpu_count()} cores")
    if not ns.skip_a:
        part_a(ns.suite, ns.problems, ns.samples, ns.rounds)
    if not ns.skip_b:
        part_b()
    if not ns.skip_c:
        part_c(ns.kills, ns.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
