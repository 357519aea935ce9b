"""How many wrong designs does the equivalence judge catch? Mutation testing over the built-in suite.

For every problem: single-site mutants of the reference (veriagent/train/mutate.py) are judged with the
batched equivalence judge; every survivor is checked formally with yosys (a miter + SAT: a full
proof for combinational designs, a bounded proof over N cycles from reset for sequential ones).
A survivor yosys shows to differ is a real miss of the judge. With ``--prove-rejected N``, N of
each problem's rejected mutants also go to yosys: one it proves equivalent is a false fail.

    .venv/bin/python benchmarks/mutants.py [-j 2] [--limit 25] [--prove-rejected N] [--filter REGEX] [--json out.json]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import re
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from veriagent.bench.suite import load_suite  # noqa: E402
from veriagent.train.mutate import MutationOutcome, check_problem  # noqa: E402


def _one(args: tuple[Path, str, int, int, int]) -> MutationOutcome:
    suite_path, pid, limit, steps, prove_rejected = args
    problem = next(p for p in load_suite(suite_path).problems if p.id == pid)
    return check_problem(problem, limit=limit, timeout=20.0, steps=steps, prove_rejected=prove_rejected)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", type=Path, default=REPO / "datasets" / "hdlbits-style")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=25, help="mutants per problem at most")
    ap.add_argument("--steps", type=int, default=24, help="cycles of the bounded proof (sequential)")
    ap.add_argument("--prove-rejected", type=int, default=0, help="rejected mutants per problem sent to yosys too")
    ap.add_argument("--filter", default=None)
    ap.add_argument("--json", type=Path, default=None)
    ns = ap.parse_args()
    suite = load_suite(ns.suite)
    ids = [p.id for p in suite.problems if p.ref_path and (not ns.filter or re.search(ns.filter, p.id))]
    seq = {p.id: p.sequential for p in suite.problems}
    start = time.monotonic()
    outs: list[MutationOutcome] = []
    with cf.ProcessPoolExecutor(ns.jobs) as pool:
        for o in pool.map(_one, [(ns.suite, pid, ns.limit, ns.steps, ns.prove_rejected) for pid in ids]):
            outs.append(o)
            print(f"{o.problem:28s} mutants {o.generated:3d} caught {o.caught:3d} survived {len(o.survived):2d} "
                  f"equivalent {len(o.equivalent):2d} misses {len(o.misses)} undecided {len(o.undecided)}",
                  flush=True)
    wall = time.monotonic() - start
    gen = sum(o.generated for o in outs)
    caught = sum(o.caught for o in outs)
    surv = sum(len(o.survived) for o in outs)
    eq = sum(len(o.equivalent) for o in outs)
    eq_seq = sum(len(o.equivalent) for o in outs if seq[o.problem])
    und = sum(len(o.undecided) for o in outs)
    misses = [(o.problem, m.description) for o in outs for m in o.misses]
    undecided = [(o.problem, m.description) for o in outs for m in o.undecided]
    non_eq = gen - eq
    print()
    print(f"problems {len(outs)}, references passing {sum(o.reference_passed for o in outs)}")
    print(f"mutants generated {gen}, caught {caught} ({100 * caught / max(1, gen):.1f}%), survived {surv}")
    print(f"  survivors proven equivalent by yosys: {eq} (of which {eq_seq} sequential: bounded, "
          f"{ns.steps} cycles from reset)")
    print(f"  real misses: {len(misses)}; undecided: {und}")
    print(f"caught / non-equivalent mutants: {caught}/{non_eq} = {100 * caught / max(1, non_eq):.2f}%")
    checked = sum(o.rejected_checked for o in outs)
    false_fails = [(o.problem, m.description) for o in outs for m in o.false_fails]
    if checked:
        print(f"rejected mutants proven by yosys: {checked}; false fails (proven equivalent): {len(false_fails)}; "
              f"undecided: {sum(len(o.rejected_undecided) for o in outs)}")
    print(f"wall time {wall:.0f}s at -j {ns.jobs} (judge {sum(o.judge_seconds for o in outs):.0f}s of CPU-side time)")
    for p, d in misses:
        print(f"  MISS {p}: {d}")
    for p, d in undecided:
        print(f"  UNDECIDED {p}: {d}")
    for p, d in false_fails:
        print(f"  FALSE FAIL {p}: {d}")
    if ns.json:
        ns.json.write_text(json.dumps({
            "problems": len(outs), "generated": gen, "caught": caught, "survived": surv, "equivalent": eq,
            "misses": misses, "undecided": undecided, "wall_seconds": round(wall, 1),
            "rejected_checked": checked, "false_fails": false_fails,
            "per_problem": {o.problem: {"generated": o.generated, "caught": o.caught,
                                        "equivalent": [m.description for m in o.equivalent],
                                        "misses": [m.description for m in o.misses]} for o in outs},
        }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
