"""``veriagent generate`` as one library call: read the spec, pick the model, run the loop, write it out."""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from veriagent.agent.loop import run_agent
from veriagent.agent.result import AgentResult
from veriagent.agent.rundir import unverified_header
from veriagent.agent.spec import SpecPlan, load_interface_file, load_spec, module_name, plan_spec
from veriagent.agent.trace import TRACE_FILE, TraceWriter
from veriagent.agent.view import DesignerView
from veriagent.config import Settings
from veriagent.errors import BadInput, VeriagentError
from veriagent.llm.base import ChatBackend

log = logging.getLogger(__name__)


def new_run_dir(runs_dir: Path, name: str) -> Path:
    """A fresh ``runs_dir/<timestamp>-<name>`` directory (suffixed when it already exists)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:40] or "run"
    base = runs_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{slug}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    path.mkdir(parents=True)
    return path


def _backend(model: str, settings: Settings, run_dir: Path, spec: str, name: str) -> ChatBackend:
    """The backend for ``model``; on failure the run dir still gets a trace and a report saying why."""
    from veriagent.llm.registry import get_backend

    try:
        return get_backend(model, settings)
    except VeriagentError as exc:
        with TraceWriter(run_dir / TRACE_FILE, fresh=True) as trace:
            trace.event(
                "start", spec=spec, problem_id=name, top=None, model=model, config=settings.agent.model_dump()
            )
            trace.event("error", kind="model", message=exc.message)
            trace.event("result", status="error", verified=False, rtl=None, iterations=0, reason=exc.message)
        raise type(exc)(f"{exc.message} (trace: {run_dir / TRACE_FILE})") from None


def preview(spec_source: str, *, interface: Path | None = None) -> tuple[str, SpecPlan]:
    """Read a spec (and an optional ``--interface`` header) and plan the run, without any model.

    Returns:
        (spec text, plan): the interface that will be built, where it came from, and the examples.

    Raises:
        BadInput: unreadable spec or interface file; an interface that contradicts the spec.
    """
    spec, name = load_spec(spec_source)
    header = load_interface_file(interface) if interface is not None else None
    return spec, plan_spec(spec, name, header=header)


def generate(
    spec_source: str,
    settings: Settings,
    *,
    model: str | None = None,
    output: Path | None = None,
    user_tests: Path | None = None,
    single_shot: bool = False,
    interface: Path | None = None,
    on_plan: Callable[[SpecPlan], None] | None = None,
) -> AgentResult:
    """Generate RTL for the spec at ``spec_source`` (a path or ``-``) with the settings' budget.

    Args:
        spec_source: spec file, or ``-`` for stdin.
        settings: configuration (model, runs_dir, agent budget, sim timeouts).
        model: model spec overriding ``settings.model``.
        output: also copy the final RTL here.
        user_tests: a directory of the user's cocotb tests, used instead of self-written tests.
        single_shot: one draft, check only.
        interface: a file with the module header to build (overrides the spec's own port list).
        on_plan: called with the plan (interface, examples) before the model is loaded or asked.

    Returns:
        The run's :class:`AgentResult` (its ``run_dir`` holds design.v, report.json, trace.jsonl).

    Raises:
        BadInput: the spec is missing, empty or binary; the tests dir is not usable; the interface
            contradicts the spec.
        ModelNotFound / BackendUnavailable: the model cannot be used (the trace is still written).
    """
    if user_tests is not None and not (user_tests.is_dir() and any(user_tests.glob("test_*.py"))):
        raise BadInput(f"{user_tests}: not a directory with cocotb test files (test_*.py)")
    spec, plan = preview(spec_source, interface=interface)
    if on_plan is not None:
        on_plan(plan)
    name = plan.name
    run_dir = new_run_dir(settings.runs_dir, name)
    backend = _backend(model or settings.model, settings, run_dir, spec, name)
    view = DesignerView(
        id=name, spec=spec, top=plan.module or "", interface_header=plan.header, user_tests_dir=user_tests
    )
    result = run_agent(
        view,
        backend,
        settings.agent,
        run_dir,
        user_tests=user_tests,
        single_shot=single_shot,
        sim=settings.sim,
    )
    write_output(result, output)
    return result


def write_output(result: AgentResult, output: Path | None) -> None:
    """Copy the final RTL to ``output``; an unverified design starts with a comment saying so and why."""
    if output is None or not result.rtl_path:
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if result.verified:
        shutil.copyfile(result.rtl_path, output)
        return
    text = Path(result.rtl_path).read_text(encoding="utf-8")
    output.write_text(
        unverified_header(result.status, result.reason, result.run_dir) + text, encoding="utf-8"
    )


def repair(
    design: Path,
    spec_source: str,
    settings: Settings,
    *,
    model: str | None = None,
    output: Path | None = None,
    user_tests: Path | None = None,
) -> AgentResult:
    """Run the loop from an existing design: check it, test it, repair it within the budget.

    Args:
        design: the Verilog file to repair (never modified; the result goes to the run dir and ``output``).
        spec_source: the spec it should meet (a path or ``-``).
        settings: configuration (model, runs_dir, agent budget, sim timeouts).
        model: model spec overriding ``settings.model``.
        output: also write the final RTL here.
        user_tests: a directory of the user's cocotb tests (default: the model writes tests from the spec).

    Returns:
        The run's :class:`AgentResult`.

    Raises:
        BadInput: the design or spec is missing, empty or binary; the tests dir is not usable.
        ModelNotFound / BackendUnavailable: the model cannot be used (the trace is still written).
    """
    from veriagent.hdl.check import read_source
    from veriagent.hdl.text import module_names

    rtl = read_source(design)
    spec, name = load_spec(spec_source)
    if user_tests is not None and not (user_tests.is_dir() and any(user_tests.glob("test_*.py"))):
        raise BadInput(f"{user_tests}: not a directory with cocotb test files (test_*.py)")
    modules = module_names(rtl)
    if not modules:
        raise BadInput(f"{design}: no module definition found")
    top = module_name(spec) or modules[0]
    run_dir = new_run_dir(settings.runs_dir, f"{name}-repair")
    backend = _backend(model or settings.model, settings, run_dir, spec, name)
    view = DesignerView(id=name, spec=spec, top=top, user_tests_dir=user_tests)
    result = run_agent(
        view, backend, settings.agent, run_dir, user_tests=user_tests, sim=settings.sim, initial_rtl=rtl
    )
    write_output(result, output)
    return result


def rerun(run_dir: Path, settings: Settings) -> AgentResult:
    """Re-execute a recorded run with a replay backend that repeats its exact replies.

    Args:
        run_dir: a run directory written by ``generate`` (holds trace.jsonl).
        settings: runs_dir and sim timeouts for the new run.

    Returns:
        The new run's result (a fresh run directory next to the others).

    Raises:
        BadInput: no usable trace in ``run_dir``.
    """
    from veriagent.agent.trace import read_trace
    from veriagent.config import AgentConfig
    from veriagent.llm.replay import ReplayBackend, load_replies

    events = read_trace(run_dir)
    start = next((e for e in events if e.get("event") == "start"), None)
    if start is None or not start.get("spec"):
        raise BadInput(f"{run_dir}: the trace has no start event with a spec: cannot re-run it")
    replies = load_replies(run_dir / TRACE_FILE if run_dir.is_dir() else run_dir)
    cfg = AgentConfig.model_validate(start.get("config") or {})
    name = str(start.get("problem_id") or "rerun")
    new_dir = new_run_dir(settings.runs_dir, f"{name}-rerun")
    tests = Path(start["user_tests"]) if start.get("user_tests") else None
    view = DesignerView(
        id=name,
        spec=str(start["spec"]),
        top=str(start.get("top") or ""),
        user_tests_dir=tests,
        interface_header=start.get("interface_header") or None,
    )
    backend = ReplayBackend(replies, name=f"replay:{run_dir}")
    return run_agent(
        view,
        backend,
        cfg,
        new_dir,
        user_tests=tests,
        single_shot=bool(start.get("single_shot")),
        sim=settings.sim,
        initial_rtl=start.get("initial_rtl") or None,
    )
