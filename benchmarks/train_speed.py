"""Time per LoRA training step and peak memory (RSS) on this machine, for a few LoRA ranks.

Each configuration runs in its own process (so peak RSS is its own) through the real
``veriagent.train.sft.train`` on samples of the built-in suite cut to ``--max-length`` tokens.
Prints a Markdown table (median and mean s/step excluding the first step, peak RSS, load
average at start/end: the CPU may be shared).

    python benchmarks/train_speed.py --base qwen2.5-coder-0.5b --ranks 8 16 --steps 4
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(args: argparse.Namespace) -> None:
    from veriagent.train.data import Sample, default_suite, spec_messages, write_dataset
    from veriagent.train.sft import SFTConfig, train

    work = Path(tempfile.mkdtemp(prefix="train-speed-"))
    samples = []
    for d in sorted(default_suite().iterdir()):
        if (d / "ref.v").is_file():
            spec = (d / "spec.md").read_text()[:500]  # short prompt: the reply fills the rest of the window
            samples.append(Sample(messages=spec_messages(spec, (d / "ref.v").read_text()), problem=d.name, source="bench"))
    write_dataset(work / "data", samples, [])
    load0 = os.getloadavg()[0]
    res = train(SFTConfig(base=args.base, data=work / "data", out=work / "adapter", lora_r=args.rank,
                          lora_alpha=2 * args.rank, max_steps=args.steps, batch_size=args.batch_size,
                          max_length=args.max_length, dtype=args.dtype, target_modules=args.targets.split(","),
                          threads=args.threads))
    rows = [json.loads(x) for x in (work / "adapter" / "train_log.jsonl").read_text().splitlines()]
    times = [b["seconds"] - a["seconds"] for a, b in itertools.pairwise(rows)]
    print(json.dumps({
        "rank": args.rank, "steps": res.steps, "load_s": res.load_seconds,
        "first_step_s": rows[0]["seconds"], "median_step_s": statistics.median(times) if times else None,
        "mean_step_s": statistics.mean(times) if times else None, "peak_rss_mb": res.peak_rss_mb,
        "trainable": res.trainable_params, "tokens": res.tokens_trained, "loss_first": res.first_loss,
        "loss_last": rows[-1]["loss"], "load_avg_start": round(load0, 2), "load_avg_end": round(os.getloadavg()[0], 2),
        "dtype": args.dtype, "torch_threads": __import__("torch").get_num_threads(),
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="qwen2.5-coder-0.5b")
    ap.add_argument("--ranks", type=int, nargs="+", default=[8, 16])
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=2)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--dtype", default="bf16")
    ap.add_argument("--targets", default="q_proj,v_proj")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    ap.add_argument("--child", action="store_true")
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    results = []
    for r in args.ranks:
        t0 = time.monotonic()
        cmd = [sys.executable, __file__, "--child", "--base", args.base, "--rank", str(r), "--steps", str(args.steps),
               "--batch-size", str(args.batch_size), "--max-length", str(args.max_length), "--dtype", args.dtype,
               "--targets", args.targets, "--threads", str(args.threads)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            raise SystemExit(proc.returncode)
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        res["wall_s"] = round(time.monotonic() - t0, 1)
        results.append(res)
        print(json.dumps(res), file=sys.stderr)
    print(f"\nbase {args.base}, LoRA on {args.targets}, batch {args.batch_size} x {args.max_length} tokens, "
          f"{args.dtype}, {os.cpu_count()} CPUs\n")
    print("| LoRA r | trainable params | load s | first step s | median s/step | mean s/step | peak RSS MB | "
          "loss first -> last | load avg start/end |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['rank']} | {r['trainable']:,} | {r['load_s']} | {r['first_step_s']:.1f} | {r['median_step_s']:.2f} | "
              f"{r['mean_step_s']:.2f} | {r['peak_rss_mb']:,.0f} | {r['loss_first']:.3f} -> {r['loss_last']:.3f} | "
              f"{r['load_avg_start']} / {r['load_avg_end']} |")


if __name__ == "__main__":
    main()
