"""The JSONL trace of a generate run: one JSON object per line, flushed per event.

Every line has ``event`` and ``time`` (Unix seconds). Events (see docs/trace.md):
``start`` {spec, problem_id, top, model, config}; ``llm`` {purpose, messages, reply, prompt_tokens,
completion_tokens, latency, finish_reason}; ``candidate`` {iteration, rtl, source}; ``check``
{iteration, ok, diagnostics, tools, seconds}; ``tests`` {iteration, passed, tests, ...};
``repair`` {iteration, kind, description}; ``feedback`` {iteration, text}; ``error`` {...};
``result`` {status, verified, rtl, iterations, ...}; ``testfile`` {version, source, code} when the
agent's tests are written or rewritten.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from veriagent.errors import BadInput

log = logging.getLogger(__name__)

TRACE_FILE = "trace.jsonl"

#: Callbacks that see every event as it is written (progress lines of `generate`).
_LISTENERS: list[Callable[[dict[str, Any]], None]] = []


@contextlib.contextmanager
def listening(callback: Callable[[dict[str, Any]], None]) -> Iterator[None]:
    """Call ``callback(event)`` for every trace event written inside the ``with`` block."""
    _LISTENERS.append(callback)
    try:
        yield
    finally:
        _LISTENERS.remove(callback)


EVENTS = ("start", "llm", "candidate", "check", "tests", "testfile", "repair", "feedback", "error", "result")


class TraceWriter:
    """Appends events to ``run_dir/trace.jsonl``; every event is flushed as it is written."""

    def __init__(self, path: Path, *, fresh: bool = False) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: TextIO | None = path.open("w" if fresh else "a", encoding="utf-8")

    def event(self, name: str, **data: Any) -> dict[str, Any]:
        """Write one event and return it."""
        record: dict[str, Any] = {"event": name, "time": round(time.time(), 3), **data}
        if self._fh is not None:
            self._fh.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
            self._fh.flush()
        for listener in list(_LISTENERS):
            try:
                listener(record)
            except Exception:  # a progress display must never break a run
                log.debug("trace listener failed", exc_info=True)
        return record

    def close(self) -> None:
        """Close the file (further events are dropped)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> TraceWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_trace(path: Path) -> list[dict[str, Any]]:
    """Read a trace file (or a run directory holding ``trace.jsonl``).

    Args:
        path: ``trace.jsonl`` or the run directory.

    Returns:
        The events in order. A torn last line (a run killed mid-write) is skipped.

    Raises:
        BadInput: no trace there, or a line in the middle is not JSON.
    """
    file = path / TRACE_FILE if path.is_dir() else path
    if not file.is_file():
        raise BadInput(
            f"{path}: no {TRACE_FILE} here (expected a run directory written by `veriagent generate`)"
        )
    lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    events: list[dict[str, Any]] = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            if no == len(lines):
                break
            raise BadInput(f"{file}:{no}: not a JSON line") from None
        if not isinstance(rec, dict) or "event" not in rec:
            raise BadInput(f"{file}:{no}: not a trace event (no 'event' key)")
        events.append(rec)
    return events
