"""Blind selection: drafts clustered by behaviour, ranked by agreement with reference models.

The drafts that compile and have the required interface are simulated together on one stimulus
(:func:`veriagent.sim.behaviour.record`); drafts with identical outputs on every compared sample
form a behaviour cluster. The model-written reference models run on the same inputs in the
sandbox; a model that crashes or contradicts one of the spec's own examples does not vote. The
agreement matrix says, per cluster and model, whether the cluster's outputs equal the model's after
every clock edge (or on every vector). A cluster that fails a spec example ranks below every cluster
that passes them. Then (CodeT's dual agreement) ``score = size x models matched``; with no model
matching any cluster the largest cluster wins; ties go to more models, more drafts, a lint-clean
member, then the smaller design.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from veriagent.agent.examples import Example
from veriagent.hdl.interface import Interface
from veriagent.sim.behaviour import ModelRun, Recording, record, run_models

log = logging.getLogger(__name__)


class Draft(BaseModel):
    """A draft that may vote: its text, whether it is clean, its lint warnings."""

    rtl: str
    clean: bool
    warnings: int = 0


class Cluster(BaseModel):
    """Drafts with the same behaviour, and how much agrees with it."""

    members: list[int]
    """Indices of the drafts (into the population)."""
    models: list[int] = Field(default_factory=list)
    """Indices of the voting reference models whose outputs it matches."""
    examples_ok: bool = True
    failed_example: str = ""
    lint_clean: bool = False
    length: int = 0
    """Characters of its smallest design."""
    score: int = 0

    @property
    def size(self) -> int:
        return len(self.members)

    def key(self) -> tuple[bool, int, int, int, bool, int]:
        return (self.examples_ok, self.score, len(self.models), self.size, self.lint_clean, -self.length)


class Selection(BaseModel):
    """What the vote saw and chose (goes to the trace and the report)."""

    drafts: int
    voting: int
    models: int
    voting_models: list[int] = Field(default_factory=list)
    model_notes: dict[int, str] = Field(default_factory=dict)
    """Why a model does not vote (crashed, contradicts a spec example, duplicate)."""
    clusters: list[Cluster] = Field(default_factory=list)
    """Ranked, best first."""
    matrix: list[list[bool]] = Field(default_factory=list)
    """clusters x voting models: does the cluster match the model (same order as ``clusters``)."""
    chosen: int | None = None
    """Index of the chosen draft (the best cluster's first member)."""
    disagreement: dict[str, Any] | None = None
    """The first sample where the top two clusters differ."""
    samples: int = 0
    failed: dict[int, str] = Field(default_factory=dict)
    """Drafts that could not be simulated."""
    seconds: float = 0.0

    @property
    def agreeing_models(self) -> list[int]:
        return self.clusters[0].models if self.clusters else []

    def summary(self) -> str:
        """``5/8 drafts and 1/3 models agree``."""
        top = self.clusters[0] if self.clusters else None
        return (
            f"{top.size if top else 0}/{self.drafts} drafts and "
            f"{len(top.models) if top else 0}/{self.models} "
            "models agree"
        )


def _example_failure(rec: Recording, key: str, ex: Example, index: int) -> str:
    for name, want in ex.outputs.items():
        bits = rec.value(key, index, name)
        if "x" in bits or int(bits, 2) != want:
            return f"spec line {ex.line} ({ex.text!r}): {name} should be {want}, is {bits}"
    return ""


def _example_points(rec: Recording, examples: Sequence[Example]) -> list[tuple[Example, int, int]]:
    """(example, sample index, model step index) of each example the stimulus exercises."""
    steps = rec.model_steps()
    out: list[tuple[Example, int, int]] = []
    if not rec.clocked:
        vectors = [e for e in examples if e.kind == "vector"]
        return [(e, i, i) for i, e in enumerate(vectors) if i < len(rec.samples)]
    after = None
    for k, s in enumerate(rec.samples):
        if not s.reset:
            break
        if s.clock == rec.active:
            after = k
    if after is not None:
        out += [(e, after, steps.index(after)) for e in examples if e.kind == "reset"]
    return out


def _matches(rec: Recording, key: str, run: ModelRun) -> bool:
    assert run.outputs is not None
    for step, idx in enumerate(rec.model_steps()):
        want = run.outputs[step]
        for name, value in want.items():
            bits = rec.value(key, idx, name)
            if "x" in bits or int(bits, 2) != value:
                return False
    return True


def vote(
    drafts: Sequence[Draft],
    model_codes: Sequence[str],
    iface: Interface,
    examples: Sequence[Example],
    workdir: Path,
    *,
    seed: int = 1,
    cycles: int = 0,
    timeout: float = 120.0,
) -> Selection:
    """Cluster the clean drafts by behaviour, run the models, rank the clusters.

    Args:
        drafts: the population (unclean drafts are counted but do not vote).
        model_codes: reference models (Python text).
        iface: the required interface.
        examples: the spec's own examples (hard constraints on drafts and models).
        workdir: scratch directory.
        seed: stimulus seed.
        cycles: random cycles / vectors (at least 500 / 1000).
        timeout: seconds per simulation.

    Returns:
        The :class:`Selection` (``chosen`` None when no draft could vote).
    """
    sel = Selection(drafts=len(drafts), voting=0, models=len(model_codes))
    keys = {f"d{i}": i for i, d in enumerate(drafts) if d.clean}
    if not keys:
        return sel
    vectors = [e.inputs for e in examples if e.kind == "vector"] if iface.clock is None else []
    rec = record(
        {k: drafts[i].rtl for k, i in keys.items()},
        iface,
        workdir,
        seed=seed,
        cycles=cycles,
        first_vectors=vectors,
        timeout=timeout,
    )
    sel.failed = {keys[k]: why for k, why in rec.failed.items()}
    sel.samples = len(rec.samples)
    live = [k for k in keys if k in rec.outputs]
    sel.voting = len(live)
    if not live:
        sel.seconds = rec.seconds
        return sel
    points = _example_points(rec, examples)
    runs = run_models(model_codes, rec, iface, workdir, timeout=min(timeout, 60.0)) if model_codes else []
    seen: dict[str, int] = {}
    for m, (code, run) in enumerate(zip(model_codes, runs, strict=True)):
        norm = " ".join(code.split())
        if norm in seen:
            sel.model_notes[m] = f"the same code as model {seen[norm]}"
        elif run.outputs is None:
            sel.model_notes[m] = run.error or "no outputs"
        else:
            wrong = next(
                (
                    f"spec line {e.line} ({e.text!r}): {n} should be {v}, the model gives "
                    f"{run.outputs[step].get(n)}"
                    for e, _, step in points
                    for n, v in e.outputs.items()
                    if run.outputs[step].get(n) != v
                ),
                None,
            )
            if wrong:
                sel.model_notes[m] = "contradicts the spec: " + wrong
            else:
                sel.voting_models.append(m)
        seen.setdefault(norm, m)
    compared = rec.compared()
    groups: dict[tuple[str, ...], list[str]] = {}
    for k in live:
        groups.setdefault(tuple(rec.outputs[k][i] for i in compared), []).append(k)
    clusters = []
    for members in groups.values():
        rep = members[0]
        c = Cluster(
            members=[keys[k] for k in members],
            models=[m for m in sel.voting_models if _matches(rec, rep, runs[m])],
            lint_clean=any(drafts[keys[k]].warnings == 0 for k in members),
            length=min(len(drafts[keys[k]].rtl) for k in members),
        )
        c.failed_example = next((f for e, idx, _ in points if (f := _example_failure(rec, rep, e, idx))), "")
        c.examples_ok = not c.failed_example
        clusters.append(c)
    matched_any = any(c.models for c in clusters)
    for c in clusters:
        c.score = c.size * len(c.models) if matched_any else c.size
    clusters.sort(key=lambda c: c.key(), reverse=True)
    sel.clusters = clusters
    sel.matrix = [[m in c.models for m in sel.voting_models] for c in clusters]
    best = clusters[0]
    sel.chosen = min(best.members, key=lambda i: (drafts[i].warnings > 0, len(drafts[i].rtl), i))
    if len(clusters) > 1:
        a, b = f"d{clusters[0].members[0]}", f"d{clusters[1].members[0]}"
        idx = next(i for i in compared if rec.outputs[a][i] != rec.outputs[b][i])
        s = rec.samples[idx]
        sel.disagreement = {
            "sample": idx,
            "time": f"{s.time:g} ns",
            "reset": s.reset,
            "inputs": s.inputs,
            "first": rec.values(a, idx),
            "second": rec.values(b, idx),
        }
    sel.seconds = rec.seconds
    log.info("vote: %s (%d clusters)", sel.summary(), len(clusters))
    return sel
