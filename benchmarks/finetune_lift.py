"""Before/after pass@1 of a LoRA fine-tune on validation problems of the built-in suite it never saw.

For each seed and each split (``category``: whole categories held out, the stricter test;
``problem``: problems held out): build the dataset from the built-in suite (`veriagent data build`
logic, split by problem or category, never by sample); measure the base's greedy pass@1 on the
validation problems, single-shot and with the agent (blind: it writes its own tests; the judge is
the hidden reference); fine-tune a LoRA on the training split; measure the adapter the same way;
print a Markdown table. The base is a catalogue GGUF (run by llama.cpp as ``local:BASE`` vs
``local:BASE+adapter=DIR``, the adapter converted to llama.cpp's LoRA format) or an HF directory
(``hf:``).

    python benchmarks/finetune_lift.py --base qwen2.5-coder-0.5b --seeds 1 2 --split-by category problem \\
        --modes single agent [--max-eval 8] [--max-steps 40] [--agent-iters 3] [--repeat-penalty 1.1]

Resumable: each measurement (seed, split, model, mode) is appended to OUT/results.jsonl and
skipped when rerun; a finished adapter (``OUT/seed*/adapter/done``) is reused. ``table`` prints the
table from what is recorded:

    python benchmarks/finetune_lift.py --table
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()] if path.is_file() else []


def _table(rows: list[dict[str, Any]]) -> None:
    train = {(r["seed"], r["split_by"]): r for r in rows if r.get("kind") == "train"}
    evals = {(r["seed"], r["split_by"], r["model"], r["mode"]): r for r in rows if r.get("kind") == "eval"}
    print("| seed | split by | train / val problems | eval loss before -> after | steps | train s "
          "| mode | base pass@1 | tuned pass@1 | base / tuned tokens per problem |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    modes = sorted({r["mode"] for r in rows if r.get("kind") == "eval"}, key=lambda m: (m != "single", m))
    for (seed, split), t in sorted(train.items()):
        for mode in modes:
            b, a = evals.get((seed, split, "base", mode)), evals.get((seed, split, "tuned", mode))
            if b is None and a is None:
                continue

            def cell(r: dict[str, Any] | None) -> str:
                return f"{r['passed']}/{r['total']}" if r else "not run"

            def tok(r: dict[str, Any] | None) -> str:
                return str(round(r["tokens"] / max(r["total"], 1))) if r else "–"

            el = t["eval_loss"]
            loss = f"{el[0]:.3f} -> {el[1]:.3f}" if None not in el else "–"
            print(f"| {seed} | {split} | {t['train_problems']} / {t['val_problems']} | {loss} | {t['steps']} | "
                  f"{t['train_s']} | {mode} | {cell(b)} | {cell(a)} | {tok(b)} / {tok(a)} |")
    cats = sorted({(r["seed"], r["split_by"], ", ".join(r["val_categories"])) for r in train.values()})
    for seed, split, c in cats:
        print(f"\nseed {seed}, split by {split}: validation categories: {c}")


def _tokens(work: Path) -> int:
    """Prompt + completion tokens of all runs under ``work/traces`` (their report.json files)."""
    total = 0
    for rep in work.glob("traces/**/report.json"):
        d = json.loads(rep.read_text())
        total += int(d.get("prompt_tokens", 0)) + int(d.get("completion_tokens", 0))
    return total


def _measure(model: str, spec: str, *, key: dict[str, Any], work: Path, val: list[Any], modes: list[str],
             done: set[tuple[Any, ...]], late: Callable[[], bool], record: Callable[[dict[str, Any]], None],
             settings: Any) -> None:
    """pass@1 of ``spec`` on ``val`` in each mode not yet recorded (``model`` is "base" or "tuned")."""
    from veriagent.train.iterate import pass_at_1

    rp = settings.agent.repeat_penalty
    for mode in modes:
        label = mode if rp == 1.0 else f"{mode} rp{rp:g}"  # another decoding is another measurement
        if (key["seed"], key["split_by"], model, label, "eval") in done or late():
            continue
        t0, ev = time.monotonic(), work / f"eval-{model}-{label.replace(' ', '-')}"
        passed, total = pass_at_1(spec, val, settings=settings, work=ev, agent=mode == "agent")
        record({**key, "kind": "eval", "model": model, "mode": label, "passed": passed, "total": total,
                "tokens": _tokens(ev), "seconds": round(time.monotonic() - t0), "problems": [p.id for p in val]})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="qwen2.5-coder-0.5b")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--split-by", choices=["problem", "category"], nargs="+", default=["category", "problem"])
    ap.add_argument("--modes", choices=["single", "agent"], nargs="+", default=["single", "agent"])
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--lora-r", type=int, default=8)
    ap.add_argument("--max-length", type=int, default=768)
    ap.add_argument("--truncate", action="store_true",
                    help="train on samples cut to --max-length instead of dropping them (the runs of 2026-11-29)")
    ap.add_argument("--max-eval", type=int, default=None, help="evaluate at most N validation problems")
    ap.add_argument("--max-reply-tokens", type=int, default=700)
    ap.add_argument("--agent-iters", type=int, default=3, help="agent max_iters (the draft + repairs)")
    ap.add_argument("--repeat-penalty", type=float, default=1.0,
                    help="decoding repeat penalty (1.0 = off); recorded as its own mode, e.g. `single rp1.1`")
    ap.add_argument("--agent-timeout", type=float, default=300.0, help="agent wall seconds per problem")
    ap.add_argument("--stop-at", default=None, help="UTC HH:MM: start no new measurement after this")
    ap.add_argument("--out", type=Path, default=Path("out/finetune_lift"))
    ap.add_argument("--table", action="store_true", help="only print the table of what is recorded")
    args = ap.parse_args()
    res_path = args.out / "results.jsonl"
    if args.table:
        _table(_load(res_path))
        return
    stop = None
    if args.stop_at:
        hh, mm = (int(x) for x in args.stop_at.split(":"))
        stop = dt.datetime.now(dt.UTC).replace(hour=hh, minute=mm, second=0, microsecond=0)

    from veriagent.bench.suite import load_suite
    from veriagent.config import load_settings
    from veriagent.llm.hf_base import resolve_base
    from veriagent.train.data import BuildOptions, build_dataset, default_suite
    from veriagent.train.iterate import current_model_spec
    from veriagent.train.sft import SFTConfig, train

    settings = load_settings(overrides={"agent": {"max_reply_tokens": args.max_reply_tokens, "temperature": 0.0,
                                                  "repeat_penalty": args.repeat_penalty,
                                                  "max_iters": args.agent_iters, "timeout": args.agent_timeout}})
    problems = {p.id: p for p in load_suite(default_suite()).problems}
    ref = resolve_base(args.base)
    base_spec = f"local:{ref.path / ref.gguf_file}" if ref.gguf_file else f"hf:{ref.path}"
    args.out.mkdir(parents=True, exist_ok=True)
    done = {(r["seed"], r["split_by"], r.get("model"), r.get("mode"), r["kind"]) for r in _load(res_path)}

    def record(row: dict[str, Any]) -> None:
        with res_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)

    def late() -> bool:
        return stop is not None and dt.datetime.now(dt.UTC) >= stop

    for seed in args.seeds:
        for split in args.split_by:
            work = args.out / f"seed{seed}-{split}"
            rep = build_dataset(BuildOptions(out=work / "data", val_fraction=args.val_fraction, seed=seed,
                                             split_by=split))
            manifest = json.loads((work / "data" / "manifest.json").read_text())
            val = [problems[i] for i in manifest["validation_problems"]][: args.max_eval]
            key = {"seed": seed, "split_by": split}

            measure = functools.partial(_measure, key=key, work=work, val=val, modes=args.modes, done=done,
                                        late=late, record=record, settings=settings)
            measure("base", base_spec)
            if (seed, split, None, None, "train") not in done and not late():
                t0 = time.monotonic()
                res = train(SFTConfig(base=args.base, data=work / "data", out=work / "adapter", epochs=args.epochs,
                                      max_steps=args.max_steps, learning_rate=args.lr, lora_r=args.lora_r,
                                      lora_alpha=2 * args.lora_r, max_length=args.max_length,
                                      truncate=args.truncate, seed=seed, force=True))
                record({**key, "kind": "train", "train_problems": rep.train_problems, "val_problems": len(val),
                        "val_categories": sorted({p.category for p in val}), "steps": res.steps,
                        "eval_loss": [res.initial_eval_loss, res.final_eval_loss],
                        "train_s": round(time.monotonic() - t0), "peak_rss_mb": res.peak_rss_mb,
                        "train_samples": res.train_samples, "dropped_too_long": res.dropped_too_long,
                        "truncated": res.truncated})
            if not (work / "adapter" / "done").is_file():
                continue
            measure("tuned", current_model_spec(args.base, work / "adapter"))
    print(f"\nbase {args.base}, LoRA r={args.lora_r}, greedy, hidden-reference judge, agent blind "
          f"(max_iters {args.agent_iters}), repeat penalty {args.repeat_penalty:g}\n")
    _table(_load(res_path))


if __name__ == "__main__":
    main()
