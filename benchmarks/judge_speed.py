"""What does judging cost? (a) the built-in suite's references at -j 2; (b) per-candidate cost of the
batched equivalence judge vs the classic flow (iverilog + vvp of a generated self-checking Verilog
testbench per candidate), 20 samples per problem, and where the time goes.

    .venv/bin/python benchmarks/judge_speed.py [--problems 10] [--samples 20] [--skip-a]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

from veriagent import sandbox  # noqa: E402
from veriagent.bench.judge import judge_candidates  # noqa: E402
from veriagent.bench.models import Candidate, Problem  # noqa: E402
from veriagent.bench.runner import run_bench  # noqa: E402
from veriagent.bench.suite import load_suite  # noqa: E402
from veriagent.hdl import tools  # noqa: E402
from veriagent.hdl.interface import extract_interface  # noqa: E402
from veriagent.sim import cocotb_run  # noqa: E402
from veriagent.sim import equivalence as eqmod  # noqa: E402
from veriagent.train.mutate import mutants  # noqa: E402

TIMES: dict[str, float] = defaultdict(float)
COUNTS: dict[str, int] = defaultdict(int)
DISAGREE: list[str] = []


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*a: Any, **kw: Any) -> Any:
        t = time.monotonic()
        try:
            return fn(*a, **kw)
        finally:
            TIMES[name] += time.monotonic() - t
            COUNTS[name] += 1

    return wrapper


def classic_testbench(problem: Problem, ref_mod: str, cand_mod: str, cycles: int, seed: int) -> str:
    """A self-checking Verilog testbench: reference and candidate side by side, random stimulus."""
    iface = extract_interface(problem.ref_path.read_text(), problem.ref_top or problem.top)  # type: ignore[union-attr]
    clk = problem.clock.name if problem.clock else None
    ins = [p for p in iface.inputs() if p.name != clk]
    outs = iface.outputs()

    def rng(p: Any) -> str:
        return f"[{p.width - 1}:0] " if p.width > 1 else ""

    lines = ["`timescale 1ns/1ps", "module classic_tb;"]
    if clk:
        lines.append(f"  reg {clk} = 1'b0;")
    lines += [f"  reg {rng(p)}{p.name};" for p in ins]
    for who in ("r", "c"):
        lines += [f"  wire {rng(p)}{who}_{p.name};" for p in outs]
    conns = ([f".{clk}({clk})"] if clk else []) + [f".{p.name}({p.name})" for p in ins]
    for who, mod in (("r", ref_mod), ("c", cand_mod)):
        lines.append(f"  {mod} u_{who} (" + ", ".join(conns + [f".{p.name}({who}_{p.name})" for p in outs]) + ");")
    lines += ["  integer i, errors, samples, seed;", "  task check; begin", "    samples = samples + 1;"]
    for p in outs:
        lines.append(f"    if ((r_{p.name} ^ c_{p.name}) !== {{{p.width}{{1'b0}}}} && (^r_{p.name}) !== 1'bx) "
                     "errors = errors + 1;")
    lines += ["  end endtask", "  initial begin", f"    errors = 0; samples = 0; seed = {seed};"]
    rst = problem.reset
    for i in range(cycles):
        for p in ins:
            val = "$random(seed)"
            if rst and p.name == rst.name:
                active = "1'b0" if rst.active_low else "1'b1"
                val = active if i < rst.cycles else f"(($random(seed) & 31) == 0) ? {active} : ~{active}"
            lines.append(f"    {p.name} = {val};")
        if clk:
            lines += [f"    #4 {clk} = 1'b1;", "    #1 check;", f"    #4 {clk} = 1'b0;", "    #1;"]
        else:
            lines += ["    #1 check;"]
    lines += ['    $display("Mismatches: %0d in %0d samples", errors, samples);', "    $finish;", "  end",
              "endmodule"]
    return "\n".join(lines) + "\n"


def classic_judge(problem: Problem, cands: list[Candidate], workdir: Path, cycles: int) -> list[bool]:
    """Compile + run one self-checking testbench per candidate; verdict from the printed count."""
    iverilog, vvp = tools.find("iverilog"), tools.find("vvp")
    ref_text, ref_map = eqmod.rename_modules(problem.ref_path.read_text(), "ref_")  # type: ignore[union-attr]
    out = []
    for c in cands:
        d = workdir / f"classic-{problem.id}-{c.sample}"
        d.mkdir(parents=True)
        cand_text, cmap = eqmod.rename_modules(c.source, "cand_")
        (d / "ref.v").write_text(ref_text)
        (d / "cand.v").write_text(cand_text)
        tb = classic_testbench(problem, ref_map[problem.ref_top or problem.top],
                               cmap.get(problem.top, problem.top), cycles, 1)
        (d / "tb.v").write_text(tb)
        t = time.monotonic()
        comp = sandbox.run([iverilog, "-g2012", "-o", "sim.vvp", "-s", "classic_tb", "tb.v", "ref.v", "cand.v"],
                           cwd=d, timeout=60)
        TIMES["classic compile"] += time.monotonic() - t
        if not comp.ok:
            out.append(False)
            continue
        t = time.monotonic()
        sim = sandbox.run([vvp, "-n", "sim.vvp"], cwd=d, timeout=60)
        TIMES["classic sim"] += time.monotonic() - t
        out.append(sim.ok and "Mismatches: 0 in" in sim.stdout)
    return out


def part_a(suite_path: Path, jobs: int) -> None:
    suite = load_suite(suite_path)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.monotonic()
        s = run_bench(suite, candidates="reference", generator=None, samples=1, jobs=jobs, out_dir=Path(tmp),
                      judge="equivalence", filter=None, seed=1, batch_size=20, progress=False, write_reports=True)
        wall = time.monotonic() - t
    m = s.metrics["equivalence"]
    print(f"(a) references of {suite.name}: {m.units} problems judged in {wall:.1f}s wall at -j {jobs} "
          f"({wall / max(1, m.units):.2f}s per problem); passed {m.passed}/{m.units}")
    for line in s.failed_references:
        print(f"    reference fails: {line}")


def part_b(suite_path: Path, n_problems: int, samples: int) -> None:
    suite = load_suite(suite_path)
    rnd = random.Random(7)
    pool = [p for p in suite.problems if p.ref_path]
    comb = [p for p in pool if not p.sequential]
    seq = [p for p in pool if p.sequential]
    chosen = rnd.sample(comb, n_problems // 2) + rnd.sample(seq, n_problems - n_problems // 2)
    # instrument the equivalence judge (it runs in this process)
    cocotb_run.compile_icarus = _timed("eq compile (screen + batch)", cocotb_run.compile_icarus)  # type: ignore[assignment]
    cocotb_run.run_vvp = _timed("eq sim (vvp + cocotb harness)", cocotb_run.run_vvp)  # type: ignore[assignment]
    eqmod.extract_interfaces = _timed("eq interface (pyslang)", eqmod.extract_interfaces)  # type: ignore[assignment]
    eq_total = classic_total = 0.0
    n_cands = 0
    agree = 0
    with tempfile.TemporaryDirectory() as tmp:
        wd = Path(tmp)
        for p in chosen:
            ref = p.ref_path.read_text()  # type: ignore[union-attr]
            muts = mutants(ref, limit=samples - 1)
            srcs = [ref] + [m.source for m in muts]
            srcs += [ref] * (samples - len(srcs))
            cands = [Candidate(problem=p.id, sample=i, source=s) for i, s in enumerate(srcs)]
            t = time.monotonic()
            res = judge_candidates(p, cands, judge="equivalence", batch_size=20, timeout=60, seed=1,
                                   workdir=wd / f"eq-{p.id}")
            eq_total += time.monotonic() - t
            cycles = p.stimulus.cycles + p.stimulus.reset_cycles + 20
            t = time.monotonic()
            classic = classic_judge(p, cands, wd, cycles)
            classic_total += time.monotonic() - t
            n_cands += len(cands)
            agree += sum(r.passed == c for r, c in zip(res, classic, strict=True))
            for r, c in zip(res, classic, strict=True):
                if r.passed != c:
                    what = muts[r.sample - 1].description if 0 < r.sample <= len(muts) else "reference"
                    DISAGREE.append(f"{p.id}/{r.sample} ({what}): judge {'pass' if r.passed else r.category}, "
                                    f"classic {'pass' if c else 'fail'}; {r.reason[:100]}")
    ratio = eq_total / classic_total
    print(f"(b) {len(chosen)} problems x {samples} candidates ({n_cands}), one process:")
    print(f"    equivalence judge, batched:   {eq_total:6.1f}s  = {1000 * eq_total / n_cands:6.1f} ms/candidate")
    print(f"    classic iverilog+vvp per cand: {classic_total:6.1f}s  = {1000 * classic_total / n_cands:6.1f} ms/candidate")
    print(f"    ratio equivalence / classic = {ratio:.2f}x (target <= 1.5x); verdicts agree on {agree}/{n_cands}")
    for line in DISAGREE:
        print(f"      differs: {line}")
    print("    where the time goes:")
    for k in sorted(TIMES):
        print(f"      {k:32s} {TIMES[k]:6.1f}s  ({COUNTS[k] or n_cands} calls)")
    sims = COUNTS["eq sim (vvp + cocotb harness)"]
    print(f"    equivalence simulations: {sims} for {n_cands} candidates "
          f"({TIMES['eq sim (vvp + cocotb harness)'] / max(1, sims):.2f}s each, mostly cocotb/Python start-up)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", type=Path, default=REPO / "datasets" / "hdlbits-style")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--problems", type=int, default=10)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--skip-a", action="store_true")
    ap.add_argument("--skip-b", action="store_true")
    ns = ap.parse_args()
    if not ns.skip_a:
        part_a(ns.suite, ns.jobs)
    if not ns.skip_b:
        part_b(ns.suite, ns.problems, ns.samples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
