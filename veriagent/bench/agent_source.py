"""Generators for ``veriagent bench --model``: the agent loop, or a single checked draft, per sample.

A generator never raises: whatever goes wrong (model unavailable, tool crash, a bug) lands in
``GeneratedCandidate.error`` and the bench runner records it as that sample's outcome.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from veriagent.agent.loop import run_agent
from veriagent.agent.view import DesignerView
from veriagent.bench.models import GeneratedCandidate
from veriagent.config import Settings
from veriagent.errors import VeriagentError
from veriagent.llm.base import ChatBackend

log = logging.getLogger(__name__)


def make_generator(
    model_spec: str, *, agent: bool, settings: Settings, traces_dir: Path
) -> Callable[[DesignerView, int], GeneratedCandidate]:
    """A function (view, sample) -> candidate that designs from the designer's view only.

    Args:
        model_spec: the model, e.g. ``local:qwen2.5-coder-1.5b`` (resolved on first use).
        agent: True runs the full loop (self-tests, repairs); False one draft, checked, no repair.
        settings: the agent budget (``settings.agent``) and sim timeouts.
        traces_dir: each sample's run goes to ``traces_dir/<problem>/s<sample>/`` (trace.jsonl etc.).

    Returns:
        The generator. The sample number seeds the model so samples differ when temperature > 0.
    """
    lock = threading.Lock()
    backend: list[ChatBackend] = []

    def get() -> ChatBackend:
        with lock:
            if not backend:
                from veriagent.llm.registry import get_backend

                backend.append(get_backend(model_spec, settings))
            return backend[0]

    def generate(view: DesignerView, sample: int) -> GeneratedCandidate:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", view.id) or "problem"
        run_dir = traces_dir / slug / f"s{sample}"
        try:
            result = run_agent(
                view, get(), settings.agent, run_dir, single_shot=not agent, sim=settings.sim, seed=sample
            )
        except VeriagentError as exc:
            return GeneratedCandidate(source=None, trace_dir=str(run_dir), error=exc.message)
        except Exception as exc:  # a unit of batch work never raises
            log.warning("generator failed on %s/%d: %s", view.id, sample, exc)
            tail = traceback.format_exc(limit=3)
            return GeneratedCandidate(
                source=None, trace_dir=str(run_dir), error=f"{type(exc).__name__}: {exc}\n{tail}"
            )
        error = None if result.status != "error" else result.reason
        return GeneratedCandidate(
            source=result.rtl,
            tokens=result.prompt_tokens + result.completion_tokens,
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
            llm_seconds=result.llm_seconds,
            iterations=result.iterations,
            self_verified=result.verified,
            trace_dir=result.run_dir,
            interface_source=result.interface_source,
            error=error or (None if result.rtl else result.reason or "no code"),
        )

    return generate
