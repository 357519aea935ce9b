"""Bench metrics: the unbiased pass@k estimator, pass rates by category, failure counts.

pass@k (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"): for a problem with
``n`` samples of which ``c`` pass, ``pass@k = 1 - C(n-c, k) / C(n, k)``, averaged over problems.
It is reported only for the ``k`` that every problem has at least ``k`` samples for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from veriagent.bench.store import BenchRecord

KS: tuple[int, ...] = (1, 5, 10)


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem, in the numerically stable product form.

    Args:
        n: samples drawn.
        c: samples that passed (0 <= c <= n).
        k: the k of pass@k (1 <= k <= n).

    Returns:
        ``1 - C(n-c, k) / C(n, k)`` computed as ``1 - prod_{i=n-c+1}^{n} (1 - k/i)``.

    Raises:
        ValueError: when the arguments are out of range.
    """
    if not (0 <= c <= n) or k < 1 or k > n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c}, k={k})")
    if n - c < k:
        return 1.0
    prod = 1.0
    for i in range(n - c + 1, n + 1):
        prod *= 1.0 - k / i
    return 1.0 - prod


class Rate(BaseModel):
    """Passed out of total."""

    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


class TokenBin(BaseModel):
    """Pass rate of the generated samples whose token count falls in [lo, hi]."""

    lo: int
    hi: int
    passed: int
    total: int
    rate: float


class Metrics(BaseModel):
    """Everything computed from the records of one judge."""

    judge: str
    problems: int
    units: int
    passed: int
    samples_min: int
    samples_max: int
    pass_at_k: dict[str, float] = Field(default_factory=dict)
    """``{"pass@1": 0.8, ...}``, only for k <= the smallest per-problem sample count."""
    problems_solved: int = 0
    """Problems with at least one passing sample."""
    by_problem: dict[str, Rate] = Field(default_factory=dict)
    by_category: dict[str, Rate] = Field(default_factory=dict)
    by_difficulty: dict[str, Rate] = Field(default_factory=dict)
    failure_classes: dict[str, int] = Field(default_factory=dict)
    diagnostic_categories: dict[str, int] = Field(default_factory=dict)
    """For compile errors: diagnostics category -> count."""
    tokens_total: int = 0
    tokens_mean_passed: float | None = None
    tokens_mean_failed: float | None = None
    token_bins: list[TokenBin] = Field(default_factory=list)
    judge_seconds: float = 0.0
    llm_seconds: float = 0.0

    @property
    def pass_rate(self) -> float:
        return self.passed / self.units if self.units else 0.0


def compute(records: Sequence[BenchRecord], judge: str, *, ks: Sequence[int] = KS) -> Metrics:
    """Metrics of the records of ``judge`` (records of other judges are ignored).

    Args:
        records: stored bench records (at most one per problem × sample × judge).
        judge: which judge's verdicts to use.
        ks: candidate k values; each is reported only when every problem has >= k samples.

    Returns:
        A :class:`Metrics`.
    """
    recs = [r for r in records if r.judge == judge]
    by_problem: dict[str, Rate] = {}
    by_category: dict[str, Rate] = {}
    by_difficulty: dict[str, Rate] = {}
    fails: Counter[str] = Counter()
    diags: Counter[str] = Counter()
    for r in recs:
        for table, key in (
            (by_problem, r.problem),
            (by_category, r.problem_category),
            (by_difficulty, r.difficulty),
        ):
            rate = table.setdefault(key, Rate())
            rate.total += 1
            rate.passed += int(r.passed)
        if not r.passed:
            fails[r.category or "unknown"] += 1
            if r.category == "compile-error":
                diags[r.diagnostic_category or "unknown"] += 1
    counts = [rate.total for rate in by_problem.values()]
    n_min = min(counts) if counts else 0
    pak: dict[str, float] = {}
    for k in ks:
        if counts and n_min >= k:
            vals = [pass_at_k(rate.total, rate.passed, k) for rate in by_problem.values()]
            pak[f"pass@{k}"] = sum(vals) / len(vals)
    m = Metrics(
        judge=judge,
        problems=len(by_problem),
        units=len(recs),
        passed=sum(1 for r in recs if r.passed),
        samples_min=n_min,
        samples_max=max(counts) if counts else 0,
        pass_at_k=pak,
        problems_solved=sum(1 for rate in by_problem.values() if rate.passed),
        by_problem=dict(sorted(by_problem.items())),
        by_category=dict(sorted(by_category.items())),
        by_difficulty=dict(sorted(by_difficulty.items())),
        failure_classes=dict(fails.most_common()),
        diagnostic_categories=dict(diags.most_common()),
        judge_seconds=round(sum(r.seconds for r in recs), 3),
        llm_seconds=round(sum(r.llm_seconds for r in recs), 3),
    )
    generated = [r for r in recs if r.source == "generator"]
    if generated:
        m.tokens_total = sum(r.tokens for r in generated)
        ok = [r.tokens for r in generated if r.passed]
        bad = [r.tokens for r in generated if not r.passed]
        m.tokens_mean_passed = sum(ok) / len(ok) if ok else None
        m.tokens_mean_failed = sum(bad) / len(bad) if bad else None
        m.token_bins = token_bins(generated)
    return m


def token_bins(records: Sequence[BenchRecord], bins: int = 4) -> list[TokenBin]:
    """Pass rate by token-count quantile bin (up to ``bins`` bins of near-equal size)."""
    ordered = sorted(records, key=lambda r: r.tokens)
    if not ordered:
        return []
    bins = max(1, min(bins, len(ordered)))
    out: list[TokenBin] = []
    for b in range(bins):
        chunk = ordered[b * len(ordered) // bins : (b + 1) * len(ordered) // bins]
        if not chunk:
            continue
        passed = sum(1 for r in chunk if r.passed)
        out.append(
            TokenBin(
                lo=chunk[0].tokens,
                hi=chunk[-1].tokens,
                passed=passed,
                total=len(chunk),
                rate=passed / len(chunk),
            )
        )
    return out
