"""Before/after pass@1 of a LoRA fine-tune on the validation problems it never saw: single-shot and repair-only.

For each seed: build the dataset from the built-in suite with every derived source (`veriagent data
build --derive all`, split by problem with that seed, so the validation problems and all their
samples are never trained on); fine-tune a LoRA on the training split (validation loss plus the
generation check at each evaluation pick the adapter kept); then measure base and tuned on the same
cases, greedy, one reply each, judged by the hidden reference (equivalence judge):

* ``single``: each validation problem's spec (``spec.md``) in the agent's draft prompt -> a design;
* ``repair``: per validation problem, one broken design of each kind (a judge-rejected mutant with the
  agent's mismatch feedback, a checker-rejected edit with the agent's diagnostics feedback), chosen by
  the seed, in the agent's repair prompts -> the repaired design.

Every reply is recorded with the judge's failure class and whether it hit the token limit
(``finish_reason == "length"``). The base is a catalogue GGUF (llama.cpp: ``local:BASE`` vs
``local:BASE+adapter=DIR``) or an HF directory (``hf:``).

    python benchmarks/finetune_lift.py --base qwen2.5-coder-0.5b --seeds 1 2 --modes single repair \\
        [--max-steps 60] [--eval-every 20] [--max-problems N] [--phase all|train|eval] [--stop-at HH:MM]
    python benchmarks/finetune_lift.py --table

Resumable: every training and every reply is appended to OUT/results.jsonl and skipped when rerun;
a finished adapter (OUT/seed*/adapter/done) is reused; the derived samples are cached in OUT/cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()] if path.is_file() else []


def _table(rows: list[dict[str, Any]]) -> None:
    trains = {r["seed"]: r for r in rows if r.get("kind") == "train"}
    cases: dict[tuple[int, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        if r.get("kind") == "reply":
            cases[(r["seed"], r["mode"], r["model"])][r["case"]] = r
    for seed, t in sorted(trains.items()):
        el = t["eval_loss"]
        print(f"seed {seed}: {t['train_samples']} train samples / {t['train_problems']} problems, "
              f"{t['val_problems']} validation problems; {t['steps']} steps (kept step {t.get('selected_step') or t['steps']}), "
              f"lr {t['lr']}, eval loss {el[0]:.3f} -> {el[1]:.3f}, replies ended at the last evaluation "
              f"{t.get('gen_ended', '-')}, {t['train_s']} s ({t['s_per_step']} s/step), peak RSS {t['peak_rss_mb']:.0f} MB")
    print("\n| seed | mode | cases (problems) | base pass@1 | tuned pass@1 | lift | base at token limit | tuned at token limit "
          "| tuned at limit where base was not | base failure classes | tuned failure classes |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for seed, mode in sorted({(s, m) for s, m, _ in cases}):
        b, a = cases.get((seed, mode, "base"), {}), cases.get((seed, mode, "tuned"), {})
        common = sorted(set(b) & set(a))
        if not common:
            print(f"| {seed} | {mode} | base {len(b)} / tuned {len(a)} replies, none in common yet | | | | | | | | |")
            continue
        pb, pa = sum(b[c]["passed"] for c in common), sum(a[c]["passed"] for c in common)
        lb, la = sum(b[c]["limit"] for c in common), sum(a[c]["limit"] for c in common)
        new_loops = sum(a[c]["limit"] and not b[c]["limit"] for c in common)
        probs = len({b[c]["problem"] for c in common})

        def classes(d: dict[str, dict[str, Any]], common: list[str] = common) -> str:
            cnt = Counter(d[c]["category"] or "pass" for c in common)
            return ", ".join(f"{k} {v}" for k, v in sorted(cnt.items()))

        n = len(common)
        print(f"| {seed} | {mode} | {n} ({probs}) | {pb}/{n} | {pa}/{n} | {pa - pb:+d} | {lb}/{n} | {la}/{n} | {new_loops} "
              f"| {classes(b)} | {classes(a)} |")


def _cases(val: list[Any], mode: str, seed: int, per_kind: int) -> list[Any]:
    """The validation samples a mode measures: the default spec (single), or per problem and repair kind the
    ``per_kind`` samples ranked first by sha256(seed:problem:text) (repair)."""
    if mode == "single":
        return [s for s in val if s.kind == "spec2rtl" and s.source.startswith("suite:")]
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for s in val:
        if s.kind == "repair":
            groups[(s.problem, s.detail.split(":")[0])].append(s)
    out = []
    for key in sorted(groups):
        ranked = sorted(groups[key], key=lambda s: hashlib.sha256(f"{seed}:{s.problem}:{s.messages[1]['content']}".encode()).hexdigest())
        out += ranked[:per_kind]
    return out


def _case_id(s: Any) -> str:
    return f"{s.problem}:{s.detail or 'spec'}:{hashlib.sha256(s.messages[1]['content'].encode()).hexdigest()[:10]}"


def _measure(label: str, backend: Any, cases: list[Any], problems: dict[str, Any], *, key: dict[str, Any], mode: str,
             max_tokens: int, done: set[tuple[Any, ...]], late: Any, record: Any) -> None:
    """One greedy reply per case from ``backend``, judged by the hidden reference; one record per reply."""
    from veriagent.agent.extract import extract_verilog
    from veriagent.bench.judge import judge_candidates
    from veriagent.bench.models import Candidate
    from veriagent.llm.base import GenParams, Message

    for c in [c for c in cases if (key["seed"], mode, label, _case_id(c)) not in done]:
        if late():
            return
        p = problems[c.problem]
        t0 = time.monotonic()
        reply = backend.chat([Message(m["role"], m["content"]) for m in c.messages[:-1]],
                             GenParams(temperature=0.0, max_tokens=max_tokens, seed=0))
        trace = key["work"] / "replies" / f"{mode}-{label}-{_case_id(c).replace(':', '_')}.txt"
        trace.parent.mkdir(parents=True, exist_ok=True)
        trace.write_text(reply.text, encoding="utf-8")  # the reply, for reading the failures
        found = extract_verilog(reply.text, p.top)
        source = found.source if found.modules and not found.truncated else None
        category: str | None = "no-code"
        passed = False
        if source is not None:
            v = judge_candidates(p, [Candidate(problem=p.id, sample=0, source=source)])[0]
            passed, category = v.passed, (None if v.passed else v.category)
        record({"seed": key["seed"], "kind": "reply", "mode": mode, "model": label, "case": _case_id(c), "problem": c.problem,
                "detail": c.detail, "passed": passed, "category": category,
                "limit": reply.finish_reason == "length", "completion_tokens": reply.usage.completion_tokens,
                "seconds": round(time.monotonic() - t0, 1)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="qwen2.5-coder-0.5b")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--modes", choices=["single", "repair"], nargs="+", default=["single", "repair"])
    ap.add_argument("--models", choices=["base", "tuned"], nargs="+", default=["base", "tuned"])
    ap.add_argument("--phase", choices=["all", "train", "eval"], default="all")
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--lora-r", type=int, default=8)
    ap.add_argument("--max-length", type=int, default=1024)
    ap.add_argument("--eval-every", type=int, default=20, help="eval loss + generation check every N steps")
    ap.add_argument("--gen-check", type=int, default=2, help="validation prompts generated at each evaluation")
    ap.add_argument("--eval-samples", type=int, default=32, help="validation samples of the eval loss")
    ap.add_argument("--max-problems", type=int, default=None, help="measure at most N validation problems")
    ap.add_argument("--repair-cases", type=int, default=1, help="broken designs per validation problem and kind")
    ap.add_argument("--max-reply-tokens", type=int, default=700)
    ap.add_argument("--stop-at", default=None, help="UTC HH:MM: start no new reply or training after this")
    ap.add_argument("--out", type=Path, default=Path("out/finetune_lift2"))
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
    from veriagent.llm.hf_base import resolve_base
    from veriagent.train.data import BuildOptions, build_dataset, default_suite, read_jsonl
    from veriagent.train.iterate import current_model_spec
    from veriagent.train.sft import SFTConfig, train

    problems = {p.id: p for p in load_suite(default_suite()).problems}
    ref = resolve_base(args.base)
    base_spec = f"local:{ref.path / ref.gguf_file}" if ref.gguf_file else f"hf:{ref.path}"
    args.out.mkdir(parents=True, exist_ok=True)
    rows = _load(res_path)
    done = {(r["seed"], r["mode"], r["model"], r["case"]) for r in rows if r.get("kind") == "reply"}
    trained = {r["seed"] for r in rows if r.get("kind") == "train"}

    def record(row: dict[str, Any]) -> None:
        with res_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)

    def late() -> bool:
        return stop is not None and dt.datetime.now(dt.UTC) >= stop

    for seed in args.seeds:
        work = args.out / f"seed{seed}"
        rep = build_dataset(BuildOptions(out=work / "data", val_fraction=args.val_fraction, seed=seed,
                                         derive=["mutants", "compile-edits", "notations"], cache=args.out / "cache"))
        val = read_jsonl(work / "data" / "validation.jsonl")
        val_ids = sorted({s.problem for s in val})[: args.max_problems]
        val = [s for s in val if s.problem in val_ids]
        key = {"seed": seed}
        if args.phase in ("all", "train") and seed not in trained and not late():
            t0 = time.monotonic()
            # training runs in a child process: its 11-16 GB are returned before llama.cpp loads base
            # and tuned for the replies (in one process the 1.5B run stayed at 21 GB resident)
            with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
                res = pool.submit(train, SFTConfig(base=args.base, data=work / "data", out=work / "adapter", epochs=args.epochs,
                                  max_steps=args.max_steps, learning_rate=args.lr, lora_r=args.lora_r,
                                  lora_alpha=2 * args.lora_r, max_length=args.max_length, seed=seed, force=True,
                                  eval_every=args.eval_every, gen_check=args.gen_check, eval_samples=args.eval_samples)).result()
            last = res.evals[-1].get("gen", {}) if res.evals else {}
            record({**key, "kind": "train", "train_samples": res.train_samples, "train_problems": rep.train_problems,
                    "val_problems": len(val_ids), "steps": res.steps, "selected_step": res.selected_step, "lr": args.lr,
                    "eval_loss": [res.initial_eval_loss, res.final_eval_loss], "evals": res.evals,
                    "gen_ended": f"{last.get('ended', '-')}/{last.get('checked', '-')}",
                    "train_s": round(time.monotonic() - t0), "s_per_step": res.seconds_per_step,
                    "peak_rss_mb": res.peak_rss_mb, "dropped_too_long": res.dropped_too_long, "device": res.device})
        if args.phase == "train":
            continue
        from veriagent.llm.registry import get_backend

        specs = {"base": base_spec}
        if (work / "adapter" / "done").is_file():
            specs["tuned"] = current_model_spec(args.base, work / "adapter")
        backends = {label: get_backend(specs[label]) for label in args.models if label in specs}
        for mode in args.modes:
            for case in _cases(val, mode, seed, args.repair_cases):  # base and tuned case by case: a stop leaves pairs
                for label, backend in backends.items():
                    _measure(label, backend, [case], problems, key={**key, "work": work}, mode=mode, max_tokens=args.max_reply_tokens,
                             done=done, late=late, record=record)
    print(f"\nbase {args.base}, LoRA r={args.lora_r}, greedy, one reply per case, hidden-reference judge\n")
    _table(_load(res_path))


if __name__ == "__main__":
    main()
