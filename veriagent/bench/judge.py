"""Judge candidates of one problem: our equivalence harness, the suite's own testbench, or user tests.

Never raises for a candidate's fault: every candidate gets a :class:`JudgeResult`; a failure of
veriagent itself becomes category ``harness-error`` with the traceback in ``log``.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from veriagent import sandbox
from veriagent.bench.models import Candidate, JudgeResult, Problem
from veriagent.errors import VeriagentError
from veriagent.hdl import tools
from veriagent.hdl.text import looks_like_code, module_names, strip_comments
from veriagent.sim import cocotb_run
from veriagent.sim.equivalence import EqCandidate, EquivalenceJudge
from veriagent.sim.models import FailureClass, Verdict

log = logging.getLogger(__name__)

JudgeMode = Literal["equivalence", "suite", "user-tests"]
SUITE_SIM_TIMEOUT = 30.0
"""Seconds a suite testbench may run (VerilogEval's own harness uses 30 s)."""

_STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_VERDICT_WORDS = re.compile(r"mismatch|pass|fail|timeout|error|samples|hint", re.I)
_VE_VERDICT = re.compile(r"Mismatches:\s*(\d+)\s+in\s+(\d+)\s+samples")
_VE_OUTPUT = re.compile(r"Output '(\w+)' has (\d+) mismatches")


def verdict_text(source: str) -> str | None:
    """The first string literal in ``source`` that looks like a testbench verdict, or None."""
    for m in _STRING_RE.finditer(strip_comments(source)):
        if _VERDICT_WORDS.search(m.group(0)):
            return m.group(0)
    return None


def _result(problem: Problem, cand: Candidate, judge: JudgeMode, **kw: object) -> JudgeResult:
    return JudgeResult(problem=problem.id, sample=cand.sample, judge=judge, **kw)


def _fail(
    problem: Problem, cand: Candidate, judge: JudgeMode, category: FailureClass, reason: str, **kw: object
) -> JudgeResult:
    """A failed verdict of ``category`` with ``reason``; ``kw`` sets further fields."""
    return _result(problem, cand, judge, passed=False, category=category, reason=reason, **kw)


def _judge_failed(problem: Problem, cand: Candidate, judge: JudgeMode, why: str, tb: str) -> JudgeResult:
    """The ``harness-error`` verdict when veriagent itself failed (``tb``: the traceback)."""
    return _fail(problem, cand, judge, "harness-error", f"judge failed: {why}"[:300], log=tb[-4000:])


def _suite_timeout(problem: Problem, cand: Candidate, tail: str) -> JudgeResult:
    """The suite testbench ran past its time."""
    return _fail(
        problem, cand, "suite", "timeout", "the suite testbench timed out", suite_category="timeout", log=tail
    )


def _no_verdict(problem: Problem, cand: Candidate, sim: sandbox.ProcResult, tail: str) -> JudgeResult:
    """The suite testbench ended without printing a verdict."""
    return _fail(
        problem,
        cand,
        "suite",
        "runtime-error",
        f"the testbench printed no verdict (vvp exit code {sim.returncode})",
        suite_category="no-verdict",
        log=tail,
    )


@contextmanager
def _workdir(workdir: Path | None) -> Iterator[Path]:
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
        yield Path(workdir).resolve()
        return
    path = Path(tempfile.mkdtemp(prefix="veriagent-judge-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def judge_candidates(
    problem: Problem,
    candidates: Sequence[Candidate],
    *,
    judge: JudgeMode = "equivalence",
    batch_size: int = 20,
    timeout: float = 120.0,
    seed: int = 1,
    workdir: Path | None = None,
    waves: bool = False,
) -> list[JudgeResult]:
    """Judge ``candidates`` of ``problem``; one result each, in order.

    Args:
        problem: the problem (its reference/testbench are used here and only here).
        candidates: the designs.
        judge: "equivalence" (our harness vs the reference), "suite" (the external suite's own
            testbench: VerilogEval v2 or RTLLM v2) or "user-tests" (the problem's cocotb tests).
        batch_size: candidates per equivalence simulation.
        timeout: seconds per simulation.
        seed: stimulus seed (equivalence) / COCOTB_RANDOM_SEED (user-tests).
        workdir: where to keep artifacts (default: a temporary directory, removed afterwards;
            VCD paths then point to deleted files, so pass a workdir with ``waves``).
        waves: record VCDs (equivalence).

    Returns:
        One :class:`JudgeResult` per candidate.
    """
    with _workdir(workdir) as wd:
        try:
            if problem.ref_path is None and judge == "equivalence":
                why = f"problem {problem.id} has no reference design"
                return [_fail(problem, c, judge, "harness-error", why) for c in candidates]
            if judge == "equivalence":
                return _judge_equivalence(
                    problem,
                    candidates,
                    batch_size=batch_size,
                    timeout=timeout,
                    seed=seed,
                    workdir=wd,
                    waves=waves,
                )
        except Exception as exc:
            tb = traceback.format_exc()
            log.warning("equivalence judge failed on %s: %s", problem.id, exc)
            why = exc.message if isinstance(exc, VeriagentError) else f"{type(exc).__name__}: {exc}"
            return [_judge_failed(problem, c, judge, why, tb) for c in candidates]
        out: list[JudgeResult] = []
        for i, cand in enumerate(candidates):
            start = time.monotonic()
            cdir = wd / f"cand{i}"
            cdir.mkdir(parents=True, exist_ok=True)
            try:
                if judge == "suite":
                    res = _judge_suite(problem, cand, cdir, timeout)
                elif judge == "user-tests":
                    res = _judge_user_tests(problem, cand, cdir, timeout, seed)
                else:
                    raise ValueError(f"unknown judge {judge!r}: use equivalence, suite or user-tests")
            except Exception as exc:
                res = _judge_failed(
                    problem, cand, judge, f"{type(exc).__name__}: {exc}", traceback.format_exc()
                )
            res.seconds = time.monotonic() - start
            out.append(res)
        return out


def reference_verdict(res: JudgeResult) -> JudgeResult:
    """Name what a failed reference self-check means, where that can be told.

    The suite's own testbench rejecting the suite's own reference (a mismatch, or a compile error
    about ports or module names between the two) is a ``dataset-bug``; a construct the simulator
    does not support stays ``tool-limit`` (a simulator limit). Anything else keeps its category.
    """
    if res.passed or res.judge != "suite":
        return res
    interface = res.category == "compile-error" and res.diagnostic_category in (
        "port-mismatch",
        "unknown-module",
    )
    if res.category == "functional-mismatch" or interface:
        why = "rejects" if res.category == "functional-mismatch" else "does not fit"
        return res.model_copy(
            update={
                "category": "dataset-bug",
                "reason": (
                    f"the suite's testbench {why} the suite's own reference ({res.category}): {res.reason}"
                )[:300],
            }
        )
    return res


def _judge_equivalence(
    problem: Problem,
    candidates: Sequence[Candidate],
    *,
    batch_size: int,
    timeout: float,
    seed: int,
    workdir: Path,
    waves: bool,
) -> list[JudgeResult]:
    assert problem.ref_path is not None
    ref_src = problem.ref_path.read_text(encoding="utf-8", errors="replace")
    ej = EquivalenceJudge(
        ref_src,
        problem.ref_top or problem.top,
        problem.top,
        clock=problem.clock,
        reset=problem.reset,
        stimulus=problem.stimulus,
        seed=seed,
        workdir=workdir,
        timeout=timeout,
        batch_size=batch_size,
        waves=waves,
    )
    outcomes = ej.judge([EqCandidate(f"s{i}", c.source) for i, c in enumerate(candidates)])
    return [
        _result(problem, c, "equivalence", **{f: getattr(o, f) for f in Verdict.model_fields})
        for c, o in zip(candidates, outcomes, strict=True)
    ]


def _screen(problem: Problem, cand: Candidate, judge: JudgeMode) -> JudgeResult | None:
    """no-code / missing top / verdict text, before running anything."""
    if not looks_like_code(cand.source, anywhere=True):
        return _fail(
            problem, cand, judge, "no-code", "no Verilog module in the candidate", suite_category="no-code"
        )
    names = module_names(cand.source)
    if problem.top not in names:
        why = f"no module `{problem.top}` (found: {', '.join(names) or 'none'})"
        return _fail(problem, cand, judge, "port-mismatch", why, suite_category="compile-error")
    text = verdict_text(cand.source)
    if text is not None and judge == "suite":
        why = f"candidate contains verdict-like text {text[:60]}: not run"
        return _fail(problem, cand, judge, "rejected", why, suite_category="rejected")
    return None


def _compile_fail(problem: Problem, cand: Candidate, proc: sandbox.ProcResult) -> JudgeResult:
    from veriagent.hdl.diagnostics import compile_failure

    reason, diag_cat = compile_failure(proc.output)
    cat: FailureClass = "timeout" if proc.timed_out else cocotb_run.compile_category(proc.output)
    return _fail(
        problem,
        cand,
        "suite",
        cat,
        reason,
        diagnostic_category=diag_cat,
        suite_category="compile-error",
        log=cocotb_run._tail(proc.output),
    )


def _run_suite_sim(cdir: Path, timeout: float) -> sandbox.ProcResult:
    """Run the compiled suite testbench ``cdir/sim.vvp`` in a jail that sees only ``cdir``."""
    return sandbox.run(
        [tools.find("vvp"), "-n", str(cdir / "sim.vvp")],
        cwd=cdir,
        timeout=min(timeout, SUITE_SIM_TIMEOUT),
        env=sandbox.tool_env(),
        jail=sandbox.Jail(cdir),
    )


def _judge_suite(problem: Problem, cand: Candidate, cdir: Path, timeout: float) -> JudgeResult:
    early = _screen(problem, cand, "suite")
    if early is not None:
        return early
    if problem.testbench_path is None:
        return _fail(problem, cand, "suite", "harness-error", f"problem {problem.id} has no suite testbench")
    if problem.suite_format == "verilogeval-v2":
        return _judge_verilogeval(problem, cand, cdir, timeout)
    if problem.suite_format == "rtllm-v2":
        return _judge_rtllm(problem, cand, cdir, timeout)
    why = f"no suite testbench judge for format {problem.suite_format}"
    return _fail(problem, cand, "suite", "harness-error", why)


def _judge_verilogeval(problem: Problem, cand: Candidate, cdir: Path, timeout: float) -> JudgeResult:
    if problem.ref_path is None:
        why = f"problem {problem.id} has no reference (its testbench instantiates it)"
        return _fail(problem, cand, "suite", "harness-error", why)
    assert problem.testbench_path is not None
    src = cdir / "candidate.sv"
    src.write_text(cand.source)
    argv = [
        tools.find("iverilog"),
        "-Wall",
        "-Winfloop",
        "-Wno-timescale",
        "-g2012",
        "-s",
        "tb",
        "-o",
        str(cdir / "sim.vvp"),
        str(src),
        str(problem.testbench_path),
        str(problem.ref_path),
    ]
    jail = sandbox.Jail(cdir, readable=(problem.testbench_path.resolve(), problem.ref_path.resolve()))
    comp = sandbox.run(argv, cwd=cdir, timeout=min(timeout, 60), env=sandbox.tool_env(), jail=jail)
    if not comp.ok:
        return _compile_fail(problem, cand, comp)
    sim = _run_suite_sim(cdir, timeout)
    text = sim.output
    tail = cocotb_run._tail(comp.output + "\n" + text)
    if len(_VE_VERDICT.findall(text)) > 1:
        why = "more than one `Mismatches:` verdict line in the output: the design printed one"
        return _fail(problem, cand, "suite", "rejected", why, suite_category="rejected", log=tail)
    if sim.timed_out or re.search(r"^\s*TIMEOUT", text, re.M):
        return _suite_timeout(problem, cand, tail)
    m = _VE_VERDICT.search(text)
    if m is None:
        return _no_verdict(problem, cand, sim, tail)
    n_bad, n = int(m.group(1)), int(m.group(2))
    per_output = {name: int(k) for name, k in _VE_OUTPUT.findall(text) if int(k)}
    if n_bad == 0:
        return _result(
            problem, cand, "suite", passed=True, samples=n, reason=f"Mismatches: 0 in {n} samples", log=tail
        )
    return _fail(
        problem,
        cand,
        "suite",
        "functional-mismatch",
        f"Mismatches: {n_bad} in {n} samples",
        suite_category="mismatch",
        samples=n,
        mismatches=per_output or {"*": n_bad},
        log=tail,
    )


def _judge_rtllm(problem: Problem, cand: Candidate, cdir: Path, timeout: float) -> JudgeResult:
    assert problem.testbench_path is not None
    src = cdir / f"{problem.top}.v"
    src.write_text(cand.source)
    for f in problem.tb_data_files:
        shutil.copy(f, cdir / f.name)
    comp = cocotb_run.compile_icarus([src, problem.testbench_path], [], cdir, timeout=min(timeout, 60))
    if not comp.ok:
        return _compile_fail(problem, cand, comp)
    sim = _run_suite_sim(cdir, timeout)
    text = sim.output
    tail = cocotb_run._tail(text)
    if sim.timed_out:
        return _suite_timeout(problem, cand, tail)
    lines = text.splitlines()
    passed = any("Passed" in ln for ln in lines)
    failed = [ln.strip() for ln in lines if re.search(r"fail|error", ln, re.I)]
    if passed and not failed:
        return _result(problem, cand, "suite", passed=True, reason="the testbench reported Passed", log=tail)
    if failed:
        why = f"the testbench reported: {failed[0][:200]}"
        return _fail(problem, cand, "suite", "functional-mismatch", why, suite_category="failed", log=tail)
    return _no_verdict(problem, cand, sim, tail)


def _judge_user_tests(
    problem: Problem, cand: Candidate, cdir: Path, timeout: float, seed: int
) -> JudgeResult:
    early = _screen(problem, cand, "user-tests")
    if early is not None:
        return early
    tdir = problem.user_tests_dir
    if tdir is None or not any(tdir.glob("test_*.py")):
        return _fail(problem, cand, "user-tests", "harness-error", f"problem {problem.id} has no user tests")
    src = cdir / "design.sv"
    src.write_text(cand.source)
    modules = ",".join(sorted(p.stem for p in tdir.glob("test_*.py")))
    sim = cocotb_run.run_cocotb(
        [src],
        problem.top,
        modules,
        tdir,
        build_dir=cdir / "build",
        timeout=timeout,
        extra_env={"COCOTB_RANDOM_SEED": str(seed)},
    )
    n = len(sim.tests)
    ok = sum(t.passed for t in sim.tests)
    reason = f"{ok} of {n} user test(s) passed" if sim.compiled and n else sim.error
    if not sim.passed and sim.error:
        reason = sim.error
    return _result(
        problem,
        cand,
        "user-tests",
        passed=sim.passed,
        category=sim.category,
        reason=reason[:300],
        samples=n,
        mismatches={t.name: 1 for t in sim.tests if not t.passed},
        log=sim.log,
    )
