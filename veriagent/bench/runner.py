"""Parallel, resumable bench runs: suite × samples → candidates → judge → results store → reports.

A unit is one problem × sample. Candidates come from the suite's references (a self-check), from
files on disk (``DIR/<problem>/<sample>.v``) or from a generator (the agent or a single-shot model;
generation runs in this process one call at a time while judging runs in a process pool). Each
problem's pending candidates are judged together in batches of ``batch_size`` (one simulation for
many candidates). Every verdict is appended to ``<out>/results.jsonl`` as soon as its batch
finishes; rerunning the same command skips the units already recorded.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import errno
import json
import logging
import os
import re
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from veriagent.agent.view import DesignerView
from veriagent.bench.executors import Executor, JobDone, JudgeJob, RayGenerator, make_executor
from veriagent.bench.metrics import Metrics, compute
from veriagent.bench.models import Candidate, GeneratedCandidate, JudgeResult, Problem, Suite
from veriagent.bench.store import BenchRecord, ResultStore
from veriagent.bench.units import Unit, candidate_problem, dir_units, judges_for, reference_units
from veriagent.errors import BadInput, ResourceExhausted

log = logging.getLogger(__name__)

JudgeChoice = Literal["equivalence", "suite", "both", "user-tests"]
Generator = Callable[[DesignerView, int], GeneratedCandidate]
RUN_FILE = "run.json"
UNITS_DIR = "units"
#: Keys of run.json that must match for a rerun to resume into the same directory.
_RESUME_KEYS = ("suite_hash", "source", "model", "seed", "mode", "spec_style")


class BenchOptions(BaseModel):
    """What a bench run judges and how: the one options model of :func:`run_bench`, recorded in run.json.

    The CLI builds it from ``[bench]`` of veriagent.toml and its flags; a rerun resumes only when
    the options that decide a verdict (``seed``, ``model``, the candidates' source) match.
    """

    model_config = ConfigDict(extra="forbid")

    candidates: Literal["reference"] | Path | None = None
    """``"reference"`` (judge the references: a self-check), a directory holding
    ``<problem>/<sample>.v``, or None to judge what the generator writes."""
    samples: int = Field(1, ge=1)
    """Samples per problem (generator mode; the count for problems missing from a candidates directory)."""
    jobs: int | None = Field(None, ge=1)
    """Judging processes (default: CPU cores)."""
    judge: JudgeChoice = "equivalence"
    """equivalence (hidden reference), suite (the suite's testbench), both, user-tests."""
    filter: str | None = None
    """Regular expression; only problems whose id it matches (``re.search``)."""
    seed: int = 1
    """Stimulus seed of the judge (``bench.seed``)."""
    batch_size: int = Field(20, ge=1)
    """Candidates of one problem judged in one simulation (``bench.batch_size``)."""
    model: str | None = None
    """Model spec, recorded with each result (generator mode)."""
    timeout: float = Field(120.0, gt=0)
    """Seconds per judging simulation (``sim.timeout``)."""
    waves: bool = False
    """Keep a VCD of each judging simulation (``units/<p>/<s>/<judge>.vcd``; slower)."""
    blind: bool = False
    """Generator mode: withhold the suite's designer tests (``tests/``) from the generator, so every
    record is ``blind``; by default they are given and the records say ``user-tests``."""
    executor: Literal["local", "ray"] = "local"
    """Where judging runs: a local process pool of ``jobs``, or tasks on the Ray cluster at
    ``ray_address`` (see :mod:`veriagent.bench.executors`)."""
    ray_address: str = "auto"
    """``auto`` or ``HOST:PORT`` of the Ray head (with ``executor="ray"``)."""
    llm_concurrency: int = Field(1, ge=1)
    """Generator calls at once with the local executor (``llm_concurrency``; a Ray generator sizes
    itself). Keep 1 for a model that runs in this process."""


class BenchSummary(BaseModel):
    """What one ``run_bench`` call did (the records themselves are in results.jsonl)."""

    out_dir: str
    suite: str
    suite_version: str
    suite_hash: str
    source: Literal["reference", "candidates", "generator"]
    model: str | None = None
    mode: str = "blind"
    spec_style: str = "default"
    """Which spec the problems were given with (``--spec-style``)."""
    judges: list[str]
    problems: int
    units_total: int
    """Problem × sample × judge units of the whole run (done before or now)."""
    units_run: int
    """Units judged by this call."""
    units_resumed: int
    """Units already in results.jsonl when this call started (skipped)."""
    metrics: dict[str, Metrics] = Field(default_factory=dict)
    failed_references: list[str] = Field(default_factory=list)
    """With ``candidates="reference"``: problems whose reference failed (``problem: reason``)."""
    reports: dict[str, str] = Field(default_factory=dict)
    seconds: float = 0.0
    failures: list[str] = Field(default_factory=list)
    """Short failure summary, one line per failed unit: ``problem/sample judge class: first line of reason``.
    """


def _generate(
    unit: Unit,
    generator: Generator,
    lock: AbstractContextManager[Any],
    unit_dir: Path,
    *,
    blind: bool = False,
) -> None:
    """Fill ``unit`` from the generator (or from a generation stored by an interrupted run)."""
    stored = unit_dir / "generated.json"
    gen: GeneratedCandidate | None = None
    if stored.is_file():
        try:
            gen = GeneratedCandidate.model_validate_json(stored.read_text(encoding="utf-8"))
            log.info("%s/%d: reusing the stored generation", unit.problem.id, unit.sample)
        except ValueError:
            gen = None
    if gen is None:
        try:
            view = unit.problem.designer_view()
            if blind:  # withhold the suite's designer tests: the spec is all the generator gets
                view = view.model_copy(update={"user_tests_dir": None})
            with lock:
                gen = generator(view, unit.sample)
        except Exception as exc:  # a unit of batch work never raises
            unit.precheck = ("harness-error", f"generator failed: {type(exc).__name__}: {exc}")
            unit.extra["traceback"] = traceback.format_exc()
            return
        unit_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(stored, gen.model_dump_json(indent=1))
    unit.gen = gen
    unit.origin = gen.trace_dir or "generator"
    if gen.source is None or not gen.source.strip():
        unit.precheck = ("no-code", gen.error or "the generator produced no code")
        return
    why = candidate_problem(gen.source.encode("utf-8", errors="replace"))
    if why:
        unit.precheck = ("no-code", why.replace("candidate file", "generated candidate"))
        return
    unit.source = gen.source


# --- judging (runs in worker processes) -----------------------------------------------------------


def _harness_error(problem: str, sample: int, judge: str, exc: BaseException) -> JudgeResult:
    tb = "".join(traceback.format_exception(exc))
    return JudgeResult(
        problem=problem,
        sample=sample,
        judge=judge,
        passed=False,
        category="harness-error",
        reason=f"harness error: {type(exc).__name__}: {exc}"[:300],
        log=tb[-8000:],
    )


def judge_task(
    problem: Problem,
    candidates: list[Candidate],
    judge: str,
    batch_size: int,
    timeout: float,
    seed: int,
    workdir: Path,
    trace_dirs: dict[int, str],
    waves: bool = False,
) -> list[JudgeResult]:
    """Judge one batch of one problem's candidates and write each unit's artifacts (never raises)."""
    from veriagent.bench.judge import judge_candidates

    shutil.rmtree(workdir, ignore_errors=True)  # leftovers of an interrupted run
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = judge_candidates(
            problem,
            candidates,
            judge=judge,  # type: ignore[arg-type]  # judge is a str from the job; judge_candidates checks it
            batch_size=batch_size,
            timeout=timeout,
            seed=seed,
            workdir=workdir,
            waves=waves,
        )
        if len(results) != len(candidates):
            raise RuntimeError(f"judge returned {len(results)} results for {len(candidates)} candidates")
    except Exception as exc:
        if len(candidates) == 1:
            results = [_harness_error(problem.id, candidates[0].sample, judge, exc)]
        else:
            log.warning("%s: batch judging failed (%s); judging one by one", problem.id, exc)
            results = []
            for c in candidates:
                results.extend(
                    judge_task(
                        problem, [c], judge, 1, timeout, seed, workdir / f"single-{c.sample}", {}, waves
                    )
                )
    units_dir = workdir.parent
    for c, res in zip(candidates, results, strict=True):
        try:
            _write_artifacts(units_dir / str(c.sample), judge, res, trace_dirs.get(c.sample))
        except Exception as exc:
            log.warning("%s/%d: cannot write artifacts: %s", problem.id, c.sample, exc)
    return results


def _write_artifacts(unit_dir: Path, judge: str, res: JudgeResult, trace_dir: str | None) -> None:
    unit_dir.mkdir(parents=True, exist_ok=True)
    if res.vcd and Path(res.vcd).is_file():
        dest = unit_dir / f"{judge}.vcd"
        if Path(res.vcd).resolve() != dest.resolve():
            shutil.copyfile(res.vcd, dest)
        res.vcd = str(dest)
    (unit_dir / f"{judge}.log").write_text(res.log, encoding="utf-8")
    _write_atomic(unit_dir / f"{judge}.json", res.model_dump_json(indent=1))
    if trace_dir and Path(trace_dir).is_dir():
        name = "judge.json" if judge == "equivalence" else f"judge-{judge}.json"
        _write_atomic(Path(trace_dir) / name, res.model_dump_json(indent=1))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # nothing half-written left behind
        raise


# --- the run --------------------------------------------------------------------------------------


def _judges(judge: JudgeChoice) -> list[str]:
    if judge == "both":
        return ["equivalence", "suite"]
    if judge not in ("equivalence", "suite", "user-tests"):
        raise BadInput(f"unknown judge {judge!r}: use equivalence, suite, both or user-tests")
    return [judge]


def _select(suite: Suite, pattern: str | None) -> list[Problem]:
    if not pattern:
        return list(suite.problems)
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise BadInput(f"--filter {pattern!r}: not a valid regular expression ({exc})") from None
    chosen = [p for p in suite.problems if rx.search(p.id)]
    if not chosen:
        raise BadInput(f"--filter {pattern!r} matches no problem of suite {suite.name}")
    return chosen


def _git_commit() -> str | None:
    from veriagent import sandbox
    from veriagent.resources import repo_root

    root = repo_root()
    if root is None or not (root / ".git").exists() or shutil.which("git") is None:
        return None
    res = sandbox.run(["git", "rev-parse", "HEAD"], cwd=root, timeout=10)
    commit = res.stdout.strip()
    if not res.ok or not commit:
        return None
    dirty = sandbox.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, timeout=20)
    return commit + ("-dirty" if dirty.ok and dirty.stdout.strip() else "")


def _provenance(suite: Suite, **fields: Any) -> dict[str, Any]:
    import veriagent
    from veriagent.hdl.tools import versions

    return {
        "suite": suite.name,
        "suite_version": suite.version,
        "suite_format": suite.format,
        "suite_hash": suite.content_hash,
        "suite_path": str(suite.path),
        "spec_style": suite.spec_style,
        "veriagent_version": veriagent.__version__,
        "git_commit": _git_commit(),
        "tools": versions(),
        "python": sys.version.split()[0],
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        **fields,
    }


def _check_resume(out_dir: Path, prov: dict[str, Any]) -> None:
    path = out_dir / RUN_FILE
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        for key in _RESUME_KEYS:
            if key in old and old[key] != prov[key]:
                raise BadInput(
                    f"{out_dir} holds results of a different run ({key}: {old[key]!r} != {prov[key]!r}); "
                    "use another --out"
                )
        prov["started"] = old.get("started", prov["date"])
        prov["judges"] = sorted(set(old.get("judges", [])) | set(prov["judges"]))
        prov["samples"] = max(int(old.get("samples", 0)), int(prov["samples"]))
    else:
        prov["started"] = prov["date"]
    _write_atomic(path, json.dumps(prov, indent=1))


@contextmanager
def _out_errors(out_dir: Path) -> Iterator[None]:
    """OS errors of the run directory as one-line errors (read-only, not a directory, disk full)."""
    try:
        yield
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ResourceExhausted(
                f"--out {out_dir}: no space left on device; the records stored so far are "
                "complete: free space and rerun the same command to resume"
            ) from None
        if exc.errno == errno.EROFS:
            raise BadInput(f"--out {out_dir}: read-only file system; choose a writable --out") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise BadInput(
                f"--out {out_dir}: permission denied ({exc.filename}); choose a writable --out"
            ) from None
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):
            raise BadInput(f"--out {out_dir}: exists and is not a directory") from None
        raise


def run_bench(
    suite: Suite,
    options: BenchOptions | None = None,
    *,
    out_dir: Path,
    generator: Generator | None = None,
    progress: bool = True,
    write_reports: bool = True,
    **fields: Any,
) -> BenchSummary:
    """Run (or resume) a bench: judge every problem × sample of ``suite`` and store the verdicts.

    Args:
        suite: the loaded suite.
        options: what to judge and how (:class:`BenchOptions`; recorded in run.json).
        out_dir: run directory (results.jsonl, run.json, units/, reports).
        generator: called as ``generator(view, sample)`` for each unit when ``options.candidates``
            is None (``options.llm_concurrency`` calls at once).
        progress: show progress on stderr: a bar on a terminal, else one line per finished unit.
        write_reports: write summary.json, junit.xml, report.md and report.html at the end.
        **fields: :class:`BenchOptions` fields that replace those of ``options`` (a shorthand).

    Returns:
        A :class:`BenchSummary` (metrics over all records of the run directory).

    Raises:
        BadInput: no candidates source, bad options, a bad filter or candidates directory,
            ``out_dir`` holding a different run, not a directory, or on a read-only file system,
            or no Ray cluster at ``ray_address``.
        ResourceExhausted: the disk filled up (the records stored so far stay complete).
        ToolMissing: a Ray node lacks a tool the judge needs.
    """
    try:
        opts = BenchOptions.model_validate({**(options or BenchOptions()).model_dump(), **fields})
    except ValueError as exc:
        raise BadInput(f"bench options: {exc}") from None
    with _out_errors(out_dir):
        return _run_bench(
            suite, opts, out_dir=out_dir, generator=generator, progress=progress, write_reports=write_reports
        )


def _run_bench(
    suite: Suite,
    opts: BenchOptions,
    *,
    out_dir: Path,
    generator: Generator | None,
    progress: bool,
    write_reports: bool,
) -> BenchSummary:
    candidates, judge, samples = opts.candidates, opts.judge, opts.samples
    start = time.monotonic()
    judges = _judges(judge)
    jobs = max(1, opts.jobs or os.cpu_count() or 1)
    if candidates is None and generator is None:
        raise BadInput("nothing to judge: give --candidates DIR, --candidates reference or --model")
    source: Literal["reference", "candidates", "generator"] = (
        "reference" if candidates == "reference" else "generator" if candidates is None else "candidates"
    )
    problems = _select(suite, opts.filter)
    if judge == "user-tests":
        # Designer tests are judged only where the suite wrote them ("where written").
        with_tests = [p for p in problems if p.user_tests_dir is not None]
        if not with_tests:
            raise BadInput("--judge user-tests: none of the selected problems has designer tests (tests/)")
        if len(with_tests) < len(problems):
            log.warning(
                "--judge user-tests: %d of %d problems have no designer tests; judging the other %d",
                len(problems) - len(with_tests),
                len(problems),
                len(with_tests),
            )
        problems = with_tests
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out {out_dir}: exists and is not a directory")
    if source == "candidates" and not Path(str(candidates)).is_dir():
        dir_units(problems, Path(str(candidates)), samples, judges)  # raises the one-line error
    pool = make_executor(opts.executor, jobs=jobs, ray_address=opts.ray_address)  # fails before anything runs
    out_dir.mkdir(parents=True, exist_ok=True)
    mode = "blind"
    if source == "generator" and not opts.blind and any(p.user_tests_dir for p in problems):
        mode = "user-tests" if all(p.user_tests_dir for p in problems) else "mixed"
    # where the run ran (executor, the Ray head it reached, the cluster) as the executor describes it
    where = {**opts.model_dump(mode="json"), **pool.describe()}
    prov = _provenance(suite, **where, source=source, judges=judges, mode=mode)
    _check_resume(out_dir, prov)

    if source == "reference":
        units = reference_units(problems, judges)
    elif source == "candidates":
        units = dir_units(problems, Path(str(candidates)), samples, judges)
    else:
        units = [Unit(p, s, list(judges), kind="generator") for p in problems for s in range(samples)]

    for u in units:
        u.judges = judges_for(u.problem, u.judges, judge)
    store = ResultStore(out_dir)
    done = store.done()
    total = sum(len(u.judges) for u in units)
    for u in units:
        u.judges = [j for j in u.judges if (u.problem.id, u.sample, j) not in done]
    resumed = total - sum(len(u.judges) for u in units)
    store.schedule((u.problem.id, u.sample, j) for u in units for j in u.judges)
    pending = [u for u in units if u.judges]
    log.info("bench %s: %d units, %d already done, %d to run", suite.name, total, resumed, total - resumed)

    runner = _Runner(store, out_dir, opts, executor=pool)
    with _progress_bar(progress, total, resumed) as bar:
        runner.bar = bar
        runner.run(pending, generator)

    from veriagent.bench.store import load_records

    records = load_records(out_dir)
    summary = BenchSummary(
        out_dir=str(out_dir),
        suite=suite.name,
        suite_version=suite.version,
        suite_hash=suite.content_hash,
        source=source,
        model=opts.model,
        mode=mode,
        spec_style=suite.spec_style,
        judges=list(prov["judges"]),
        problems=len({r.problem for r in records}),
        units_total=total,
        units_run=runner.count,
        units_resumed=resumed,
        metrics={j: compute(records, j) for j in prov["judges"] if any(r.judge == j for r in records)},
        failed_references=sorted(
            f"{r.problem}: {r.category}: {r.reason}"
            for r in records
            if source == "reference" and not r.passed
        ),
        seconds=round(time.monotonic() - start, 2),
        failures=[
            f"{r.problem}/{r.sample} {r.judge} {r.category or '?'}: {first_line(r.reason)}"
            for r in sorted(records, key=lambda r: (r.problem, r.sample, r.judge))
            if not r.passed
        ],
    )
    if write_reports:
        from veriagent.bench.report import write_reports as _write

        summary.reports = {k: str(v) for k, v in _write(out_dir, records=records).items()}
    return summary


class _Runner:
    """Feeds units to the judges through an executor and stores each verdict (the only writer)."""

    def __init__(self, store: ResultStore, out_dir: Path, opts: BenchOptions, *, executor: Executor) -> None:
        self.store = store
        self.opts = opts
        self.blind = opts.blind
        self.out_dir = out_dir
        self.model = opts.model
        self.seed = opts.seed
        self.batch_size = opts.batch_size
        self.timeout = opts.timeout
        self.executor = executor
        self.waves = opts.waves
        self.count = 0
        self.bar: _Bar | _Lines | None = None
        self._lock = threading.Lock()
        self._gen_lock = threading.Lock()
        from veriagent import sandbox

        self.sandbox = sandbox.describe()  # refuses here, once, when there is no sandbox

    # records ---------------------------------------------------------------------------------
    def _record(self, unit: Unit, res: JudgeResult, node: str = "") -> BenchRecord:
        p = unit.problem
        gen = unit.gen
        unit_dir = self.out_dir / UNITS_DIR / p.id / str(unit.sample)
        cand = unit_dir / f"candidate{unit.suffix}"
        extra: dict[str, Any] = {
            "mode": "user-tests"
            if unit.kind == "generator" and p.user_tests_dir is not None and not self.blind
            else "blind",
            "source": unit.kind,
            "model": self.model,
            "problem_category": p.category,
            "difficulty": p.difficulty,
            "spec_style": p.spec_style,
            "candidate": str(cand) if cand.is_file() else None,
            "artifacts": str(unit_dir.relative_to(self.out_dir)),
            "seed": self.seed,
            "time": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "sandbox": self.sandbox,
            "executor": self.executor.name,
            "node": node or None,
        }
        if gen is not None:
            extra.update(
                tokens=gen.tokens or gen.prompt_tokens + gen.completion_tokens,
                prompt_tokens=gen.prompt_tokens,
                completion_tokens=gen.completion_tokens,
                llm_seconds=round(gen.llm_seconds, 3),
                iterations=gen.iterations,
                self_verified=gen.self_verified,
                trace_dir=gen.trace_dir,
                interface_source=gen.interface_source,
            )
        if res.category == "harness-error":
            extra["traceback"] = unit.extra.get("traceback") or res.log or None
        return BenchRecord.from_judge(res, **extra)

    def _store(self, pairs: list[tuple[Unit, JudgeResult]], node: str = "") -> None:
        from veriagent.bench.judge import reference_verdict

        recs = [self._record(u, reference_verdict(r) if u.kind == "reference" else r, node) for u, r in pairs]
        with self._lock:
            self.store.append(recs)
            self.count += len(recs)
            if self.bar is not None:
                self.bar.advance(recs)

    # flow ------------------------------------------------------------------------------------
    def run(self, units: list[Unit], generator: Generator | None) -> None:
        by_problem: dict[str, list[Unit]] = {}
        for u in units:
            by_problem.setdefault(u.problem.id, []).append(u)
        # Generation: llm_concurrency calls at once here, or concurrently on the Ray cluster (its actors).
        concurrency = generator.start() if isinstance(generator, RayGenerator) else self.opts.llm_concurrency
        lock: AbstractContextManager[Any] = self._gen_lock if concurrency == 1 else nullcontext()
        threads = cf.ThreadPoolExecutor(concurrency) if generator is not None and concurrency > 1 else None
        try:
            ready = (
                {
                    pid: [threads.submit(self._prepare, u, generator, lock) for u in group]
                    for pid, group in by_problem.items()
                }
                if threads is not None
                else {}
            )
            for pid, group in by_problem.items():
                for fut in ready.get(pid, []):
                    fut.result()
                if threads is None:
                    for u in group:
                        self._prepare(u, generator, lock)
                self._dispatch(group)
            while self.executor.in_flight():
                self._wait()
        except BaseException:  # Ctrl-C: stored records stay; units in flight are rerun on resume
            if threads is not None:
                threads.shutdown(wait=False, cancel_futures=True)
            self.executor.close(abort=True)
            raise
        finally:
            if threads is not None:
                threads.shutdown(wait=True)
            self.executor.close()

    def _prepare(self, u: Unit, generator: Generator | None, lock: AbstractContextManager[Any]) -> None:
        """Generate the unit's candidate if it needs one; keep a copy of what will be judged."""
        unit_dir = self.out_dir / UNITS_DIR / u.problem.id / str(u.sample)
        if u.source is None and u.precheck is None and generator is not None:
            _generate(u, generator, lock, unit_dir, blind=self.blind)
        if u.source is not None:
            unit_dir.mkdir(parents=True, exist_ok=True)
            (unit_dir / f"candidate{u.suffix}").write_text(u.source, encoding="utf-8")

    def _dispatch(self, group: list[Unit]) -> None:
        pre = [u for u in group if u.precheck is not None]
        for u in pre:
            cat, why = u.precheck or ("harness-error", "")
            self._store(
                [
                    (
                        u,
                        JudgeResult(
                            problem=u.problem.id,
                            sample=u.sample,
                            judge=j,
                            passed=False,
                            category=cat,
                            reason=why,
                        ),
                    )
                    for j in u.judges
                ]
            )
        todo = [u for u in group if u.precheck is None]
        for judge in sorted({j for u in todo for j in u.judges}):
            mine = [u for u in todo if judge in u.judges]
            for i in range(0, len(mine), self.batch_size):
                self._submit(mine[i : i + self.batch_size], judge, 0)

    def _job(self, batch: list[Unit], judge: str, attempt: int) -> JudgeJob:
        p = batch[0].problem
        cands = [
            Candidate(problem=p.id, sample=u.sample, source=u.source or "", origin=u.origin) for u in batch
        ]
        workdir = self.out_dir / UNITS_DIR / p.id / f"_judge-{judge}-{batch[0].sample}"
        traces = {u.sample: u.gen.trace_dir for u in batch if u.gen is not None and u.gen.trace_dir}
        return JudgeJob(
            p,
            cands,
            judge,
            self.batch_size,
            self.timeout,
            self.seed,
            workdir,
            traces,
            self.waves,
            tag=(batch, attempt),
        )

    def _submit(self, batch: list[Unit], judge: str, attempt: int) -> None:
        self.executor.submit(self._job(batch, judge, attempt))
        while self.executor.busy():
            self._wait()

    def _finish(self, batch: list[Unit], judge: str, results: list[JudgeResult], node: str = "") -> None:
        self._store(list(zip(batch, results, strict=True)), node)
        shutil.rmtree(
            self.out_dir / UNITS_DIR / batch[0].problem.id / f"_judge-{judge}-{batch[0].sample}",
            ignore_errors=True,
        )

    def _wait(self) -> None:
        for done in self.executor.wait():
            self._done(done)

    def _done(self, done: JobDone) -> None:
        batch, attempt = done.job.tag
        judge = done.job.judge
        if done.results is not None:
            self._finish(batch, judge, done.results, done.node)
        elif done.lost and attempt < 1:
            # A worker died (crash, OOM, a lost node): rerun; a batch that loses it twice is recorded.
            log.warning(
                "%s: a judging worker died (%s); judging its batch again", batch[0].problem.id, done.error
            )
            for part in [[u] for u in batch] if len(batch) > 1 else [batch]:
                self._submit(part, judge, attempt + 1)
        else:
            exc = done.error or RuntimeError("the executor returned no results")
            self._finish(
                batch, judge, [_harness_error(u.problem.id, u.sample, judge, exc) for u in batch], done.node
            )


# --- progress -------------------------------------------------------------------------------------


class _Bar:
    def __init__(self, progress: Any, task: Any) -> None:
        self.progress = progress
        self.task = task
        self.passed = 0

    def advance(self, recs: list[BenchRecord]) -> None:
        self.passed += sum(r.passed for r in recs)
        self.progress.update(self.task, advance=len(recs), passed=self.passed)


def unit_line(rec: BenchRecord, done: int, total: int) -> str:
    """One plain line for a finished unit: ``[k/N] problem/sample judge: PASS|FAIL class: reason``."""
    verdict = "PASS" if rec.passed else f"FAIL {rec.category or '?'}: {first_line(rec.reason)}"
    return f"[{done}/{total}] {rec.problem}/{rec.sample} {rec.judge}: {verdict} ({rec.seconds:.1f} s)"


def first_line(text: str, width: int = 160) -> str:
    """The first non-empty line of ``text``, cut to ``width`` characters."""
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


class _Lines:
    """Progress when stderr is not a terminal: one plain line per finished unit, as it finishes."""

    def __init__(self, total: int, done: int) -> None:
        self.total = total
        self.done = done

    def advance(self, recs: list[BenchRecord]) -> None:
        for r in recs:
            self.done += 1
            print(unit_line(r, self.done, self.total), file=sys.stderr, flush=True)


class _progress_bar:
    def __init__(self, enabled: bool, total: int, done: int) -> None:
        self.enabled = enabled
        self.total = total
        self.done = done
        self.cm: Any = nullcontext()

    def __enter__(self) -> _Bar | _Lines | None:
        if not self.enabled:
            return None
        if not sys.stderr.isatty():
            return _Lines(self.total, self.done)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.cm = Progress(
            TextColumn("[bold]bench"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("passed {task.fields[passed]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        prog = self.cm.__enter__()
        task = prog.add_task("bench", total=self.total, completed=self.done, passed=0)
        return _Bar(prog, task)

    def __exit__(self, *exc: object) -> None:
        self.cm.__exit__(*exc)


def default_out_dir(
    suite: Suite, runs_dir: Path, *, candidates: str | Path | None, model: str | None, agent: bool = True
) -> Path:
    """A deterministic run directory, so rerunning the same command resumes: runs/bench/<suite>-<source>."""
    if candidates == "reference":
        tag = "reference"
    elif candidates is not None:
        tag = "cand-" + Path(str(candidates)).resolve().name
    else:
        tag = (model or "model") + ("-agent" if agent else "-single")
    if suite.spec_style != "default":
        tag += f"-{suite.spec_style}"
    slug = re.sub(r"[^A-Za-z0-9_.+-]+", "_", f"{suite.name}-{tag}").strip("_")
    return runs_dir / "bench" / slug
