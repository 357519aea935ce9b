"""Compare two bench run directories: which units flipped, and pass@1 of each."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from veriagent.bench.metrics import compute
from veriagent.bench.store import RESULTS_FILE, BenchRecord, load_records
from veriagent.errors import BadInput


class Flip(BaseModel):
    """One unit whose verdict differs between the two runs."""

    problem: str
    sample: int
    before: str
    """``pass`` or the failure class in run A."""
    after: str
    reason: str = ""
    """Run B's reason (for pass→fail flips)."""


class Comparison(BaseModel):
    """The difference between run A and run B for one judge."""

    a: str
    b: str
    judge: str
    pass_at_1_a: float | None
    pass_at_1_b: float | None
    passed_a: int
    passed_b: int
    spec_style_a: str = "default"
    spec_style_b: str = "default"
    """The spec style each run gave its problems (``bench --spec-style``); comparing two styles shows
    which problems one notation loses."""
    common: int
    """Units (problem × sample) judged in both runs."""
    units_a: int = 0
    units_b: int = 0
    common_pass_at_1_a: float | None = None
    """pass@1 of run A over the common units only (the headline: like for like)."""
    common_pass_at_1_b: float | None = None
    common_passed_a: int = 0
    common_passed_b: int = 0
    pass_to_fail: list[Flip] = Field(default_factory=list)
    fail_to_pass: list[Flip] = Field(default_factory=list)
    only_a: list[str] = Field(default_factory=list)
    only_b: list[str] = Field(default_factory=list)


def _verdict(r: BenchRecord) -> str:
    return "pass" if r.passed else (r.category or "fail")


def _style(records: Iterable[BenchRecord]) -> str:
    styles = sorted({r.spec_style for r in records})
    return "+".join(styles) or "default"


def compare_runs(a: Path, b: Path, judge: str | None = None) -> Comparison:
    """Units that flipped pass→fail / fail→pass from run ``a`` to run ``b``, plus pass@1 of each.

    Args:
        a: the first (baseline) run directory.
        b: the second run directory.
        judge: which judge's verdicts to compare (default: the first judge both runs have).

    Returns:
        A :class:`Comparison`.

    Raises:
        BadInput: a directory without results.jsonl, or no judge in common.
    """
    runs = []
    for d in (a, b):
        if not (d / RESULTS_FILE).is_file():
            raise BadInput(f"{d}: not a bench run directory (no {RESULTS_FILE})")
        runs.append(load_records(d))
    ra, rb = runs
    judges_a = list(dict.fromkeys(r.judge for r in ra))
    judges_b = {r.judge for r in rb}
    if judge is None:
        common_j = [j for j in judges_a if j in judges_b]
        if not common_j:
            raise BadInput(f"{a} and {b} have no judge in common ({judges_a} vs {sorted(judges_b)})")
        judge = common_j[0]
    ma = {(r.problem, r.sample): r for r in ra if r.judge == judge}
    mb = {(r.problem, r.sample): r for r in rb if r.judge == judge}
    both = ma.keys() & mb.keys()
    ca, cb = [ma[k] for k in sorted(both)], [mb[k] for k in sorted(both)]
    cmp = Comparison(
        units_a=len(ma),
        units_b=len(mb),
        common_pass_at_1_a=compute(ca, judge).pass_at_k.get("pass@1") if ca else None,
        common_pass_at_1_b=compute(cb, judge).pass_at_k.get("pass@1") if cb else None,
        common_passed_a=sum(r.passed for r in ca),
        common_passed_b=sum(r.passed for r in cb),
        a=str(a),
        b=str(b),
        judge=judge,
        pass_at_1_a=compute(ra, judge).pass_at_k.get("pass@1"),
        pass_at_1_b=compute(rb, judge).pass_at_k.get("pass@1"),
        passed_a=sum(r.passed for r in ma.values()),
        passed_b=sum(r.passed for r in mb.values()),
        spec_style_a=_style(ma.values()),
        spec_style_b=_style(mb.values()),
        common=len(ma.keys() & mb.keys()),
        only_a=[f"{p}/{s}" for p, s in sorted(ma.keys() - mb.keys())],
        only_b=[f"{p}/{s}" for p, s in sorted(mb.keys() - ma.keys())],
    )
    for key in sorted(ma.keys() & mb.keys()):
        x, y = ma[key], mb[key]
        if x.passed == y.passed:
            continue
        flip = Flip(
            problem=key[0], sample=key[1], before=_verdict(x), after=_verdict(y), reason=y.reason or x.reason
        )
        (cmp.pass_to_fail if x.passed else cmp.fail_to_pass).append(flip)
    return cmp
