"""Measure local GGUF speed on this machine: load time, prompt tokens/s, generation tokens/s, RSS.

Usage: python benchmarks/llm_speed.py [NAME ...] [--max-tokens N] [--runs R] [--parallel 1,2,4,8]
(default: qwen2.5-coder-1.5b qwen2.5-coder-0.5b). With ``--parallel``: generation tokens/s (all
sequences together) for each count of sequences decoded in one llama.cpp batch sharing the prompt's
KV cache (``LocalGGUFBackend.chat_batch``; 1 = a plain call), side by side in one run, at T=0.8. Each model runs in its own process so RSS is
that model's alone. Numbers come from llama.cpp's own perf counters (prompt eval vs token eval).
Uses the models pulled into the normal cache (``veriagent models pull NAME``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

SYSTEM = (
    "You are an expert digital designer. You write synthesizable Verilog-2001 that compiles with "
    "Icarus Verilog and Verilator. Reply with exactly one ```verilog code block containing the module."
)
SPEC = """Design a synchronous FIFO.

Interface:
module fifo #(parameter WIDTH = 8, parameter DEPTH = 16) (
    input  wire             clk,
    input  wire             rst_n,     // active-low synchronous reset
    input  wire             wr_en,
    input  wire [WIDTH-1:0] din,
    input  wire             rd_en,
    output reg  [WIDTH-1:0] dout,
    output wire             full,
    output wire             empty,
    output reg  [4:0]       count
);

Behaviour:
- On the rising edge of clk, when rst_n is low, the FIFO empties: count becomes 0, dout becomes 0.
- A write (wr_en high and not full) stores din at the tail. A write when full is ignored.
- A read (rd_en high and not empty) puts the oldest entry on dout on the next clock edge.
  A read when empty is ignored and dout keeps its value.
- A simultaneous read and write when neither full nor empty keeps count unchanged.
- full is high when count == DEPTH; empty is high when count == 0.
- Use a circular buffer with read and write pointers; no vendor primitives.
Write the complete module."""


def _one(name: str, max_tokens: int, runs: int) -> dict[str, float | int | str]:
    import llama_cpp

    from veriagent.config import load_settings
    from veriagent.llm.base import GenParams, Message
    from veriagent.llm.local_gguf import create, load_model

    backend = create(name, load_settings())
    t0 = time.monotonic()
    model = load_model(backend.path, n_ctx=backend.n_ctx)
    load_s = time.monotonic() - t0
    msgs = [Message("system", SYSTEM), Message("user", SPEC)]
    p_tok = p_ms = g_tok = g_ms = 0.0
    wall = 0.0
    for i in range(runs):
        model.reset()  # no prompt-prefix reuse between runs
        llama_cpp.llama_perf_context_reset(model.ctx)
        reply = backend.chat(msgs, GenParams(max_tokens=max_tokens, seed=i))
        perf = llama_cpp.llama_perf_context(model.ctx)
        p_tok += perf.n_p_eval
        p_ms += perf.t_p_eval_ms
        g_tok += perf.n_eval
        g_ms += perf.t_eval_ms
        wall += reply.latency
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "model": name,
        "threads": "/".join(str(n) for n in backend.last_threads) + ("" if backend.n_threads else " auto"),
        "load_s": round(load_s, 2),
        "prompt_tokens": int(p_tok / runs),
        "prompt_tok_s": round(p_tok / (p_ms / 1000), 1) if p_ms else 0.0,
        "gen_tokens": int(g_tok / runs),
        "gen_tok_s": round(g_tok / (g_ms / 1000), 1) if g_ms else 0.0,
        "wall_s_per_reply": round(wall / runs, 1),
        "peak_rss_mb": round(rss_mb),
    }


def _parallel(name: str, max_tokens: int, counts: list[int]) -> dict[str, object]:
    """Aggregate generation tokens/s for each number of parallel sequences (one process, one model load)."""
    from veriagent.config import load_settings
    from veriagent.llm.base import GenParams, Message
    from veriagent.llm.local_gguf import create, load_model

    backend = create(name, load_settings())
    msgs = [Message("system", SYSTEM), Message("user", SPEC)]
    backend.chat(msgs, GenParams(max_tokens=8))  # load outside the timings
    rows = []
    for n in counts:
        reqs = [(msgs, GenParams(temperature=0.8, max_tokens=max_tokens, seed=100 + k)) for k in range(n)]
        load_model(backend.path, n_ctx=backend.n_ctx).reset()  # both ways evaluate the prompt once
        t0 = time.monotonic()
        seq = [backend.chat(m, p) for m, p in reqs]  # one after another (prompt cache reused from call 2 on)
        seq_wall = time.monotonic() - t0
        t0 = time.monotonic()
        replies = backend.chat_batch(reqs) if n > 1 else seq
        wall = time.monotonic() - t0 if n > 1 else seq_wall
        seq_toks = sum(r.usage.completion_tokens for r in seq)
        toks = sum(r.usage.completion_tokens for r in replies)
        rows.append({"sequences": n, "seq_tokens": seq_toks, "seq_wall_s": round(seq_wall, 1),
                     "seq_tok_s": round(seq_toks / seq_wall, 2), "batch_tokens": toks, "batch_wall_s": round(wall, 1),
                     "batch_tok_s": round(toks / wall, 2), "speedup": round((toks / wall) / (seq_toks / seq_wall), 2)})
    return {"model": name, "parallel": rows}


def main() -> int:
    """Run each model in a child process and print a table (and JSON with --json)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", default=["qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"])
    ap.add_argument("--max-tokens", type=int, default=256)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    ap.add_argument("--threads", type=int, default=0, help="pin llama.cpp threads (default 0: auto)")
    ap.add_argument("--parallel", help="comma-separated sequence counts, e.g. 1,2,4,8 (batched decoding)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one and args.parallel:
        print(json.dumps(_parallel(args.one, args.max_tokens, [int(x) for x in args.parallel.split(",")])))
        return 0
    if args.one:
        print(json.dumps(_one(args.one, args.max_tokens, args.runs)))
        return 0

    from veriagent.sandbox import Limits, run, tool_env

    rows = []
    for name in args.models:
        res = run(
            [sys.executable, __file__, "--one", name, "--max-tokens", str(args.max_tokens), "--runs", str(args.runs),
             *(["--parallel", args.parallel] if args.parallel else [])],
            cwd=Path.cwd(),
            timeout=1800,
            env=tool_env({**{k: v for k, v in os.environ.items() if k.startswith("VERIAGENT_")},
                          "VERIAGENT_LLM_THREADS": str(args.threads)}),
            limits=Limits(cpu_seconds=0, memory_bytes=0),
        )
        if not res.ok:
            print(f"{name}: failed: {res.stderr.strip().splitlines()[-1:] or res.returncode}", file=sys.stderr)
            continue
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    if args.parallel:
        for r in rows:
            cols = ["sequences", "seq_tokens", "seq_wall_s", "seq_tok_s", "batch_tokens", "batch_wall_s",
                    "batch_tok_s", "speedup"]
            print(f"{r['model']} (T=0.8; seq = one call after another, batch = one llama.cpp batch)")
            print("  ".join(cols))
            for p in r["parallel"]:
                print("  ".join(str(p[c]).rjust(len(c)) for c in cols))
        return 0 if rows else 1
    if args.json:
        for r in rows:
            print(json.dumps(r))
        return 0 if rows else 1
    cols = ["model", "threads", "load_s", "prompt_tokens", "prompt_tok_s", "gen_tokens", "gen_tok_s",
            "wall_s_per_reply", "peak_rss_mb"]
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols] if rows else [len(c) for c in cols]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)))
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
