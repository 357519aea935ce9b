"""Consensus-verified traces: agent runs no judge saw, verified by independent reference models agreeing.

ITERTL keeps what a verifier accepts. Without the hidden-reference judge the agent's own population
vote is the verifier (``veriagent/agent/select.py``): a run counts only when its result is
``verified`` and at least :data:`MIN_MODELS` independent reference models (distinct code, none
contradicting the spec's own examples) agree with the final design, e.g. ``3/5 drafts and 2/3 models
agree``. The agreement is read twice and must match: from the result's ``agreement`` text and from
the vote the trace recorded (the last ``agreement`` event when the final design was re-voted after a
repair, else the ``selection`` event's top cluster). Samples carry source ``consensus:<dir>`` and
detail ``consensus:<K>/<M>-models``; a run with a ``judge.json`` belongs to the judge
(:func:`veriagent.train.data.trace_samples`) whatever its agreement, so the two never mix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput
from veriagent.train.data import Sample, SourceCounts, _read_trace, run_design, run_samples

MIN_MODELS = 2
"""Independent reference models that must agree with the final design (the loop's own bar)."""
_AGREE = re.compile(r"\b(\d+)/(\d+) models agree\b")


def recorded_agreement(events: list[dict[str, Any]]) -> list[int] | None:
    """The models agreeing with the final design as the trace's vote events say, or None without a vote."""
    final = next((e for e in reversed(events) if e.get("event") == "agreement"), None)
    if final is not None:
        models = final.get("models")
        return [int(m) for m in models] if isinstance(models, list) else None
    sel = next((e for e in reversed(events) if e.get("event") == "selection"), None)
    if sel is None:
        return None
    clusters = sel.get("clusters")
    if not isinstance(clusters, list) or not clusters or not isinstance(clusters[0], dict):
        return []
    models = clusters[0].get("models")
    return [int(m) for m in models] if isinstance(models, list) else []


def consensus_reason(events: list[dict[str, Any]]) -> tuple[str | None, str]:
    """(why the run is not consensus-verified or None, the detail ``consensus:K/M-models``).

    Reasons: ``no-result``; the status when it is not ``verified`` (``plausible``, ``failed``,
    ``untested``, ``error``, ``budget-exhausted``); ``user-tests`` (verified by the user's tests:
    no models were asked); ``no-tests`` (no tests ran); ``single-model`` (fewer than
    :data:`MIN_MODELS` agreeing models); ``agreement-unconfirmed`` (the result's text and the
    trace's vote differ).
    """
    result = next((e for e in reversed(events) if e.get("event") == "result"), None)
    if result is None:
        return "no-result", ""
    status = str(result.get("status") or "unknown")
    if status != "verified" or result.get("verified") is not True:
        return (status if status != "verified" else "not-verified"), ""
    if result.get("tests_source") == "user":
        return "user-tests", ""
    if result.get("tests_source") == "none":  # traces of older loops called an untested design verified
        return "no-tests", ""
    m = _AGREE.search(str(result.get("agreement") or ""))
    agreeing, asked = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    if agreeing < MIN_MODELS:
        return "single-model", ""
    recorded = recorded_agreement(events)
    if recorded is None or len(set(recorded)) != agreeing:
        return "agreement-unconfirmed", ""
    return None, f"consensus:{agreeing}/{asked}-models"


def consensus_samples(root: Path, *, repair_pairs: bool = True) -> tuple[list[Sample], SourceCounts]:
    """Spec -> final RTL (and repair pairs) from the runs under ``root`` verified by agreement, no judge.

    Runs with a ``judge.json`` are skipped (the judge's verdict decides them, in ``traces:<dir>``);
    every other run is kept or counted under a reason of :func:`consensus_reason`, ``bad-trace``,
    ``no-spec`` or ``no-final-rtl``.

    Args:
        root: a run dir, a ``runs/`` dir, or a bench traces dir (searched recursively).
        repair_pairs: also emit the repair steps that led to the final design.

    Returns:
        The samples (source ``consensus:<root>``) and their counts.

    Raises:
        BadInput: ``root`` does not exist.
    """
    if not root.exists():
        raise BadInput(f"traces dir {root} does not exist")
    counts = SourceCounts(source=f"consensus:{root}")
    out: list[Sample] = []
    for trace in sorted(root.rglob("trace.jsonl")):
        run = trace.parent
        if (run / "judge.json").is_file():
            continue
        try:
            events = _read_trace(trace)
        except (json.JSONDecodeError, UnicodeDecodeError, OSError):
            counts.drop("bad-trace")
            continue
        reason, detail = consensus_reason(events)
        if reason is not None:
            counts.drop(reason)
            continue
        parts = run_design(run, events)
        if isinstance(parts, str):
            counts.drop(parts)
            continue
        spec, final, problem = parts
        got = run_samples(
            events, spec, final, problem, counts.source, repair_pairs=repair_pairs, detail=detail
        )
        out += got
        counts.kept += len(got)
    return out, counts
