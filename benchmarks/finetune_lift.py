"""Before/after pass@1 of a LoRA fine-tune on validation problems of the built-in suite it never saw.

For each seed: build the dataset from the built-in suite split by category (whole categories held
out, the stricter test) or by problem; measure the base's greedy single-shot pass@1 on the
validation problems (hidden-reference judge); fine-tune a LoRA on the training split; measure the
adapter the same way; print a Markdown table. The base is a catalogue GGUF (evaluated with
llama.cpp, ``local:BASE`` vs ``local:BASE+adapter=DIR``) or an HF directory (``hf:``).

    python benchmarks/finetune_lift.py --base qwen2.5-coder-0.5b --seeds 1 2 --epochs 1 --split-by category

Expensive on a CPU: every validation problem is one model call per seed and model, and training
is ~epochs x train problems / batch steps.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="qwen2.5-coder-0.5b")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--split-by", choices=["problem", "category"], default="category")
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--lora-r", type=int, default=8)
    ap.add_argument("--max-length", type=int, default=768)
    ap.add_argument("--max-eval", type=int, default=None, help="evaluate at most N validation problems")
    ap.add_argument("--max-reply-tokens", type=int, default=700)
    ap.add_argument("--out", type=Path, default=Path("out/finetune_lift"))
    args = ap.parse_args()

    from veriagent.bench.suite import load_suite
    from veriagent.config import load_settings
    from veriagent.train.data import BuildOptions, build_dataset, default_suite
    from veriagent.train.iterate import current_model_spec, pass_at_1
    from veriagent.train.sft import SFTConfig, resolve_base, train

    settings = load_settings(overrides={"agent": {"max_reply_tokens": args.max_reply_tokens, "temperature": 0.0}})
    problems = {p.id: p for p in load_suite(default_suite()).problems}
    ref = resolve_base(args.base)
    base_spec = f"local:{ref.path / ref.gguf_file}" if ref.gguf_file else f"hf:{ref.path}"
    rows = []
    for seed in args.seeds:
        work = args.out / f"seed{seed}-{args.split_by}"
        rep = build_dataset(BuildOptions(out=work / "data", val_fraction=args.val_fraction, seed=seed,
                                         split_by=args.split_by))
        manifest = json.loads((work / "data" / "manifest.json").read_text())
        val = [problems[i] for i in manifest["validation_problems"]][: args.max_eval]
        cats = sorted({p.category for p in val})
        t0 = time.monotonic()
        b_pass, b_total = pass_at_1(base_spec, val, settings=settings, work=work / "eval-base")
        base_s = time.monotonic() - t0
        t0 = time.monotonic()
        res = train(SFTConfig(base=args.base, data=work / "data", out=work / "adapter", epochs=args.epochs,
                              max_steps=args.max_steps, learning_rate=args.lr, lora_r=args.lora_r,
                              lora_alpha=2 * args.lora_r, max_length=args.max_length, seed=seed, force=True))
        train_s = time.monotonic() - t0
        tuned_spec = current_model_spec(args.base, work / "adapter")
        t0 = time.monotonic()
        a_pass, a_total = pass_at_1(tuned_spec, val, settings=settings, work=work / "eval-tuned")
        tuned_s = time.monotonic() - t0
        row = {"seed": seed, "split_by": args.split_by, "train_problems": rep.train_problems,
               "val_problems": len(val), "val_categories": cats, "base_pass": b_pass, "tuned_pass": a_pass,
               "total": b_total, "steps": res.steps, "eval_loss": [res.initial_eval_loss, res.final_eval_loss],
               "train_s": round(train_s), "eval_base_s": round(base_s), "eval_tuned_s": round(tuned_s)}
        rows.append(row)
        print(json.dumps(row), flush=True)
        assert a_total == b_total
    (args.out / "results.json").write_text(json.dumps(rows, indent=2))
    print(f"\nbase {args.base}, LoRA r={args.lora_r}, {args.epochs} epoch(s), split by {args.split_by}, "
          f"greedy single-shot, hidden-reference judge\n")
    print("| seed | train / val problems | val categories | eval loss before -> after | base pass@1 | tuned pass@1 | steps | train s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        el = r["eval_loss"]
        print(f"| {r['seed']} | {r['train_problems']} / {r['val_problems']} | {', '.join(r['val_categories'])} | "
              f"{el[0]:.3f} -> {el[1]:.3f} | {r['base_pass']}/{r['total']} | {r['tuned_pass']}/{r['total']} | "
              f"{r['steps']} | {r['train_s']} |")


if __name__ == "__main__":
    main()
