"""ITERTL-style self-training: fit, sample with the agent, keep what the judge verifies, refit.

Round 0 fits an adapter on the built dataset. Each later round samples designs for the training
problems from the current model and judges them against the hidden reference with a bench run
(:func:`veriagent.bench.runner.run_bench` with the :func:`veriagent.bench.agent_source.make_generator`
generator, so the agent sees only the designer's view and every verdict is recorded like a bench
run's), adds the verified ones to the training split (never to validation), and fits a fresh adapter
from the base on the grown data. After every round the adapter's single-shot pass@1 on the
validation problems is measured by another bench run (its pass@k).

An interrupted run resumes when started again: a round whose adapter finished on the same data is
not refitted, and its bench runs resume from their records (``--force`` starts afresh).

Layout under ``--out``: ``round-0/`` ... ``round-N/`` each with ``adapter/``, ``data/``,
``samples/`` and ``eval/`` (bench run directories: results.jsonl, units/, traces/, reports);
``rounds.json`` holds the per-round report.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from veriagent.bench.models import Problem, Suite
from veriagent.config import Settings
from veriagent.errors import BadInput
from veriagent.train.data import Sample, default_suite, read_jsonl, spec_messages, write_dataset
from veriagent.train.dedup import code_hash
from veriagent.train.sft import SFTConfig, TrainResult, train

if TYPE_CHECKING:
    from veriagent.bench.runner import BenchSummary
    from veriagent.bench.store import BenchRecord

log = logging.getLogger(__name__)


class IterateOptions(BaseModel):
    """Knobs of the self-training rounds."""

    rounds: int = Field(1, ge=1)
    sample_model: str | None = None
    """Model that samples training solutions (default: the current adapter)."""
    eval_model: str | None = None
    """Model evaluated on validation (default: the current adapter)."""
    agent: bool = False
    """Sample with the full agent loop (True) or single-shot (False)."""
    samples: int = Field(1, ge=1)
    """Samples per training problem per round."""
    temperature: float = Field(0.7, ge=0.0, le=2.0)
    """Sampling temperature when ``samples`` > 1 (the validation eval is always greedy)."""
    max_problems: int | None = Field(None, ge=1)
    """Sample at most this many training problems per round (cost control)."""


class RoundReport(BaseModel):
    """One round's numbers."""

    round: int
    adapter: str
    train_samples: int
    sampled: int = 0
    verified: int = 0
    added: int = 0
    final_train_loss: float | None = None
    final_eval_loss: float | None = None
    val_passed: int = 0
    val_total: int = 0
    val_pass_at_1: float | None = None
    seconds: float = 0.0


class IterateReport(BaseModel):
    """All rounds."""

    out: str
    sample_model: str
    eval_model: str
    rounds: list[RoundReport]


def current_model_spec(base: str, adapter: Path) -> str:
    """The model spec that runs ``base`` + ``adapter``: hf: for HF dirs, local: for GGUF bases."""
    from veriagent.llm.hf_base import resolve_base

    ref = resolve_base(base)
    if ref.gguf_file is None:
        return f"hf:{ref.path}+adapter={adapter}"
    return f"local:{ref.path / ref.gguf_file}+adapter={adapter}"


def _problems(manifest: dict[str, Any]) -> dict[str, Problem]:
    from veriagent.bench.suite import load_suite

    paths = [Path(p) for p in manifest.get("options", {}).get("suites", [])] or [default_suite()]
    out: dict[str, Problem] = {}
    for p in paths:
        for prob in load_suite(p).problems:
            if prob.ref_path is not None:
                out.setdefault(prob.id, prob)
    return out


def _settings_for(settings: Settings, temperature: float) -> Settings:
    agent = settings.agent.model_copy(update={"temperature": temperature})
    return settings.model_copy(update={"agent": agent})


def _bench(
    model_spec: str,
    problems: list[Problem],
    *,
    settings: Settings,
    agent: bool,
    samples: int,
    temperature: float,
    work: Path,
    blind: bool,
) -> tuple[list[BenchRecord], BenchSummary]:
    """A bench run of ``model_spec`` on ``problems`` into ``work`` (resumes like any bench run)."""
    from veriagent.bench.agent_source import make_generator
    from veriagent.bench.runner import BenchOptions, run_bench
    from veriagent.bench.store import load_records

    ident = hashlib.sha256(json.dumps([[p.id, str(p.path)] for p in problems]).encode()).hexdigest()
    suite = Suite(name="self-train", path=work, content_hash=ident, problems=problems)
    gen = make_generator(
        model_spec, agent=agent, settings=_settings_for(settings, temperature), traces_dir=work / "traces"
    )
    opts = BenchOptions(
        samples=samples,
        jobs=settings.bench.jobs,
        seed=settings.bench.seed,
        batch_size=settings.bench.batch_size,
        model=model_spec,
        timeout=settings.sim.timeout,
        blind=blind,
        llm_concurrency=settings.llm_concurrency,
    )
    summary = run_bench(suite, opts, out_dir=work, generator=gen, progress=False)
    return load_records(work), summary


def sample_and_verify(
    model_spec: str,
    problems: list[Problem],
    *,
    settings: Settings,
    agent: bool,
    samples: int,
    temperature: float,
    work: Path,
    tag: str,
    blind: bool = False,
) -> tuple[list[Sample], int, int]:
    """Sample designs for ``problems`` with a bench run and keep the ones the hidden-reference judge passes.

    The bench runner generates, judges and records (``work`` is its run directory: results.jsonl,
    units/, traces/ with the verdict next to each trace, reports); ``blind``: the agent does not get
    the suite's designer tests (it writes its own), as in ``benchmarks/agent_vs_single.py``.

    Returns:
        (new samples, number sampled, number verified).
    """
    records, _ = _bench(
        model_spec,
        problems,
        settings=settings,
        agent=agent,
        samples=samples,
        temperature=temperature,
        work=work,
        blind=blind,
    )
    by_id = {p.id: p for p in problems}
    out: list[Sample] = []
    seen: set[tuple[str, str]] = set()
    for rec in sorted(records, key=lambda r: (r.problem, r.sample)):
        if not rec.passed or rec.candidate is None:
            continue
        prob = by_id[rec.problem]
        source = Path(rec.candidate).read_text(encoding="utf-8")
        key = (prob.id, code_hash(source))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Sample(
                messages=spec_messages(prob.spec, source, prob.interface_header, prob.top),
                problem=prob.id,
                source=tag,
                category=prob.category,
            )
        )
    return out, len(records), sum(r.passed for r in records)


def pass_at_1(
    model_spec: str, problems: list[Problem], *, settings: Settings, work: Path, agent: bool = False
) -> tuple[int, int]:
    """Greedy pass@1 of ``model_spec`` on ``problems``, single-shot or with the (blind) agent: (passed,
    total).

    A bench run of one sample per problem; the counts are its ``equivalence`` metrics (the bench's
    pass@k, with one sample a plain pass rate).
    """
    _, summary = _bench(
        model_spec,
        problems,
        settings=settings,
        agent=agent,
        samples=1,
        temperature=0.0,
        work=work,
        blind=agent,
    )
    m = summary.metrics.get("equivalence")
    return (m.passed, m.units) if m is not None else (0, 0)


def run_rounds(
    cfg: SFTConfig, opts: IterateOptions, *, settings: Settings, console: Any = None
) -> IterateReport:
    """Round 0 (fit on ``cfg.data``) plus ``opts.rounds`` self-training rounds; see the module docstring.

    Args:
        cfg: the fine-tuning config; ``cfg.out`` becomes the rounds directory.
        opts: rounds, sampling model and budget.
        settings: agent budget and simulation timeouts.
        console: a rich console for progress bars (None: no progress display).

    Returns:
        The :class:`IterateReport` (also written to ``<out>/rounds.json``).

    Raises:
        BadInput: the dataset has no manifest naming its suites, or its problems are unknown.
    """
    manifest_file = cfg.data / "manifest.json"
    if not manifest_file.is_file():
        raise BadInput(
            f"{cfg.data} has no manifest.json; --rounds needs a dataset from `veriagent data build`"
        )
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    problems = _problems(manifest)
    train_ids = [p for p in manifest.get("train_problems", []) if p in problems]
    val_ids = [p for p in manifest.get("validation_problems", []) if p in problems]
    if not train_ids:
        raise BadInput(f"{cfg.data}: none of its training problems is in a suite with references")
    if opts.max_problems:
        train_ids = train_ids[: opts.max_problems]
    train_rows = read_jsonl(cfg.data / "train.jsonl")
    val_file = cfg.data / "validation.jsonl"
    val_rows = read_jsonl(val_file) if val_file.is_file() else []
    out = cfg.out
    if (out / "rounds.json").is_file() and not cfg.force:
        raise BadInput(f"{out} already holds self-training rounds; pass --force to replace them")
    if cfg.force:  # start afresh: no round's adapter or bench record is reused
        for old in out.glob("round-*"):
            shutil.rmtree(old, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    reports: list[RoundReport] = []
    data_dir = cfg.data
    spec_used = eval_used = ""
    for r in range(opts.rounds + 1):
        t0 = time.monotonic()
        rdir = out / f"round-{r}"
        rep = RoundReport(round=r, adapter=str(rdir / "adapter"), train_samples=len(train_rows))
        if r > 0:
            prev = Path(reports[-1].adapter)
            spec_used = opts.sample_model or current_model_spec(cfg.base, prev)
            temp = opts.temperature if opts.samples > 1 else 0.0
            new, rep.sampled, rep.verified = sample_and_verify(
                spec_used,
                [problems[i] for i in train_ids],
                settings=settings,
                agent=opts.agent,
                samples=opts.samples,
                temperature=temp,
                work=rdir / "samples",
                tag=f"self-train:round-{r}",
            )
            have = {(s.problem, code_hash(s.target)) for s in train_rows}
            added = [
                s.model_copy(update={"split": "train"})
                for s in new
                if (s.problem, code_hash(s.target)) not in have
            ]
            rep.added = len(added)
            train_rows = train_rows + added
            rep.train_samples = len(train_rows)
            data_dir = rdir / "data"
            write_dataset(
                data_dir,
                train_rows,
                val_rows,
                manifest={"options": manifest.get("options", {}), "round": r, "parent": str(cfg.data)},
            )
        res = _finished(rdir / "adapter", data_dir) or _fit(
            cfg.model_copy(update={"data": data_dir, "out": rdir / "adapter", "resume": False}), console
        )
        rep.final_train_loss, rep.final_eval_loss = res.final_train_loss, res.final_eval_loss
        if val_ids:
            eval_used = opts.eval_model or current_model_spec(cfg.base, rdir / "adapter")
            rep.val_passed, rep.val_total = pass_at_1(
                eval_used, [problems[i] for i in val_ids], settings=settings, work=rdir / "eval"
            )
            rep.val_pass_at_1 = rep.val_passed / rep.val_total if rep.val_total else None
        rep.seconds = round(time.monotonic() - t0, 1)
        reports.append(rep)
        log.info("round %d: +%d verified samples, val pass@1 %s", r, rep.added, rep.val_pass_at_1)
    report = IterateReport(out=str(out), sample_model=spec_used, eval_model=eval_used, rounds=reports)
    (out / "rounds.json").write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return report


def _finished(adapter: Path, data: Path) -> TrainResult | None:
    """The result of a finished fit of ``adapter`` on ``data`` (an interrupted run resumes past it)."""
    from veriagent.train.sft import dataset_digest

    result = adapter / "veriagent_train.json"
    if not (adapter / "done").is_file() or not result.is_file():
        return None
    try:
        done = TrainResult.model_validate_json(result.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if done.data_hash != dataset_digest(data):
        return None
    log.info("%s: reusing the finished adapter (same data)", adapter)
    return done


def _fit(cfg: SFTConfig, console: Any) -> TrainResult:
    cfg = cfg.model_copy(update={"force": True})
    if console is None:
        return train(cfg)
    from veriagent.train.sft import train_progress

    with train_progress(console) as on_step:
        return train(cfg, on_step=on_step)


def render_rounds(report: IterateReport) -> Any:
    """A rich table: one row per round."""
    from rich.table import Table

    table = Table(
        "round",
        "train samples",
        "sampled",
        "verified",
        "added",
        "train loss",
        "eval loss",
        "val pass@1",
        "time",
        title=f"self-training rounds in {report.out}",
    )
    for r in report.rounds:
        p1 = "-" if r.val_pass_at_1 is None else f"{r.val_pass_at_1:.3f} ({r.val_passed}/{r.val_total})"
        table.add_row(
            str(r.round),
            str(r.train_samples),
            str(r.sampled),
            str(r.verified),
            str(r.added),
            "-" if r.final_train_loss is None else f"{r.final_train_loss:.4f}",
            "-" if r.final_eval_loss is None else f"{r.final_eval_loss:.4f}",
            p1,
            f"{r.seconds:.0f}s",
        )
    return table
