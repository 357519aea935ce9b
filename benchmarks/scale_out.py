"""Local pool vs Ray on 1 and 2 nodes of this machine, side by side in one run, and the paper estimate.

Two workloads on the built-in suite: (a) the reference self-check (one unit per problem) and (b) 20
candidates per problem (the reference and 19 single-site mutants, cycled when a problem has fewer),
judged in batches of 20 (one task per problem). Each workload runs four times: the local pool with
-j 1 and -j 2, Ray on a 1-node cluster (1 CPU) and on a 2-node cluster (1 CPU each), all on
loopback (``tests/raycluster.py``; the cluster is up during the local runs too, and local and Ray
runs alternate, so both see the same background). Reported: wall time, seconds per task, Ray's per-task overhead
over the local pool at equal cores, the 1 -> 2 node scaling, the load average at each step (the
machine is shared), and from the measured per-task cost the wall time of 783 problems x 20 samples
on 8 / 32 / 128 cores.

    .venv/bin/python benchmarks/scale_out.py [--problems 16] [--full] [--samples 20]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
# The driver (this process) of a loopback cluster: set before Ray is imported (see tests/raycluster.py).
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"

from raycluster import LocalRayCluster  # noqa: E402

from veriagent.bench.runner import run_bench  # noqa: E402
from veriagent.bench.store import load_records  # noqa: E402
from veriagent.bench.suite import load_suite  # noqa: E402
from veriagent.train.mutate import mutants  # noqa: E402

BUILTIN = REPO / "datasets" / "hdlbits-style"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def write_candidates(root: Path, problems: list[Any], samples: int) -> Path:
    for p in problems:
        ref = Path(p.ref_path).read_text()
        pool = [ref] + [m.source for m in mutants(ref, limit=samples - 1)]
        for s in range(samples):
            (root / p.id).mkdir(parents=True, exist_ok=True)
            (root / p.id / f"{s}.v").write_text(pool[s % len(pool)])
    return root


def run(suite: Any, tmp: Path, name: str, filt: str, cands: Any, executor: str, jobs: int,
        address: str) -> dict[str, Any]:
    out = tmp / name
    before = load()
    t = time.monotonic()
    res = run_bench(suite, candidates=cands, out_dir=out, judge="equivalence", filter=filt, jobs=jobs,
                    batch_size=20, progress=False, write_reports=False, executor=executor, ray_address=address)
    wall = time.monotonic() - t
    m = res.metrics["equivalence"]
    judged = sum(r.seconds for r in load_records(out))  # time inside the judge, summed over units
    row = {"name": name, "wall": wall, "units": res.units_run, "passed": m.passed, "judge": judged,
           "load": f"{before} -> {load()}"}
    print(f"  {name}: {wall:.1f} s, judge {judged:.1f} s, {res.units_run} units, load {row['load']}", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=16, help="first N problems of the built-in suite")
    ap.add_argument("--full", action="store_true", help="all problems (minutes per configuration)")
    ap.add_argument("--samples", type=int, default=20)
    args = ap.parse_args()

    import ray

    suite = load_suite(BUILTIN)
    problems = suite.problems if args.full else suite.problems[: args.problems]
    filt = "^(" + "|".join(p.id for p in problems) + ")$"
    print(f"{len(problems)} problems; cores {os.cpu_count()}; load average at start {load()}", flush=True)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="scale-out-") as td:
        tmp = Path(td)
        cands = write_candidates(tmp / "cands", problems, args.samples)
        work = [("ref", "reference"), (f"c{args.samples}", cands)]
        # The cluster is up for every run, local ones included, so that its daemons load both sides alike.
        cluster = LocalRayCluster(num_cpus=1)
        try:
            t = time.monotonic()
            cluster.start_head()
            head_s = time.monotonic() - t
            t = time.monotonic()
            ray.init(address=cluster.address, logging_level="WARNING", log_to_driver=False)
            init_s = time.monotonic() - t
            for w, c in work:
                rows.append(run(suite, tmp, f"{w}-local-j1", filt, c, "local", 1, ""))
                rows.append(run(suite, tmp, f"{w}-ray-1node", filt, c, "ray", 1, cluster.address))
            t = time.monotonic()
            cluster.add_node()
            while ray.cluster_resources().get("CPU", 0) < 2:
                time.sleep(0.1)
            node_s = time.monotonic() - t
            for w, c in work:
                rows.append(run(suite, tmp, f"{w}-local-j2", filt, c, "local", 2, ""))
                rows.append(run(suite, tmp, f"{w}-ray-2nodes", filt, c, "ray", 2, cluster.address))
        finally:
            ray.shutdown()
            cluster.stop()
    by = {r["name"]: r for r in rows}
    print(f"\ncluster start: head {head_s:.1f} s, driver connect {init_s:.1f} s, second node {node_s:.1f} s")
    print("\n| run | units | tasks | passed | wall s | s/task | judge s (sum) | load avg before -> after |")
    print("|---|---|---|---|---|---|---|---|")
    tasks = {"ref": len(problems), f"c{args.samples}": len(problems) * math.ceil(args.samples / 20)}
    for r in rows:
        n = tasks[r["name"].split("-")[0]]
        print(f"| {r['name']} | {r['units']} | {n} | {r['passed']} | {r['wall']:.1f} | {r['wall'] / n:.2f} | {r['judge']:.1f} | {r['load']} |")
    print()
    for w, _ in work:
        over1 = by[f"{w}-ray-1node"]["wall"] / by[f"{w}-local-j1"]["wall"]
        over2 = by[f"{w}-ray-2nodes"]["wall"] / by[f"{w}-local-j2"]["wall"]
        scale = by[f"{w}-ray-1node"]["wall"] / by[f"{w}-ray-2nodes"]["wall"]
        local_scale = by[f"{w}-local-j1"]["wall"] / by[f"{w}-local-j2"]["wall"]
        print(f"{w}: Ray / local at 1 core {over1:.2f}x, at 2 cores {over2:.2f}x (goal <= 1.15x); "
              f"scaling 1 -> 2 nodes {scale:.2f}x (local pool -j1 -> -j2: {local_scale:.2f}x; goal >= 1.7x)")
    # The paper cluster: 783 problems x 20 samples = 783 tasks of 20 candidates each.
    w = f"c{args.samples}"
    per_task_local = by[f"{w}-local-j1"]["wall"] / tasks[w]
    per_task_ray = by[f"{w}-ray-1node"]["wall"] / tasks[w]
    overhead = per_task_ray / per_task_local
    startup = head_s + init_s
    print(f"\npaper cluster, 783 problems x 20 samples (783 tasks): measured {per_task_local:.2f} s/task on one "
          f"core locally, {per_task_ray:.2f} s/task on Ray ({overhead:.2f}x); wall = startup {startup:.0f} s + "
          f"ceil(783 / cores) x {per_task_ray:.2f} s")
    for cores in (8, 32, 128):
        waves = math.ceil(783 / cores)
        est = startup + waves * per_task_ray
        print(f"  {cores:>3} cores: {waves} rounds of tasks -> {est / 60:.1f} min "
              f"(one core: {783 * per_task_local / 3600:.1f} h)")


if __name__ == "__main__":
    main()
