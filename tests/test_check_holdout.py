"""Held-out measurement of `veriagent check` on designs written blind to its rules (not used to tune it)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
BUGGY = sorted((DATA / "buggy_holdout").glob("*.*v"))
CORRECT = sorted((DATA / "correct_holdout").glob("*.*v"))
EXPECT = re.compile(r"expect:\s*line=(\d+)\s+category=([\w-]+)")
VERIAGENT = Path(sys.executable).parent / "veriagent"
FLAGGING = ("error", "warning")

# How many designs each category got when the corpus was written (the task's spread).
SPREAD = {
    "syntax": 4, "undeclared-identifier": 3, "unknown-module": 2, "port-mismatch": 3,
    "width-mismatch": 3, "multiple-drivers": 2, "assign-to-input": 2,
    "procedural-assign-to-wire": 3, "blocking-in-sequential": 2, "latch-inferred": 3,
    "missing-sensitivity": 2, "unsupported-by-simulator": 1,
}


def _expected(path: Path) -> tuple[int, str]:
    m = EXPECT.search(path.read_text())
    assert m, f"{path.name}: no expect header"
    return int(m.group(1)), m.group(2)


def _run_check(path: Path) -> dict[str, Any]:
    """Run the real CLI as a user would (from the repo root, a relative path) and return its JSON."""
    proc = subprocess.run(
        [str(VERIAGENT), "check", str(path.relative_to(REPO)), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode in (0, 1), f"{path.name}: exit {proc.returncode}: {proc.stderr.strip()}"
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


@pytest.fixture(scope="module")
def reports() -> dict[Path, dict[str, Any]]:
    """`veriagent check --format json` of every held-out design, run once for the module."""
    return {p: _run_check(p) for p in BUGGY + CORRECT}


def _verdict(diags: list[dict[str, Any]], line: int, category: str) -> dict[str, Any]:
    """Score one buggy design: right line, right category (strict and lenient), what check said."""
    flagged = [d for d in diags if d["severity"] in FLAGGING]
    on_line = [d for d in flagged if d["line"] == line]
    errors = [d for d in flagged if d["severity"] == "error"]
    primary: dict[str, Any] | None
    if on_line:
        # the diagnostic on that line: its first error, else its first warning (check's order)
        primary = ([d for d in on_line if d["severity"] == "error"] or on_line)[0]
    else:
        primary = errors[0] if errors else None
    strict = primary is not None and primary["category"] == category
    lenient = strict or any(d["category"] == category for d in on_line)
    return {
        "line": bool(on_line),
        "category": strict,
        "category_any": lenient,
        "said": (f"{primary['line']}:{primary['severity']}:{primary['category']} "
                 f"[{primary['tool']}] {primary['message'][:70]}") if primary else "nothing",
    }


def test_holdout_corpus_shape() -> None:
    assert len(BUGGY) == 30 and len(CORRECT) == 15
    cats = Counter(_expected(p)[1] for p in BUGGY)
    assert dict(cats) == SPREAD
    for p in BUGGY:
        line, _ = _expected(p)
        assert 1 < line <= len(p.read_text().splitlines()), p.name


@pytest.mark.sim
def test_buggy_holdout_line_and_category_accuracy(reports: dict[Path, dict[str, Any]]) -> None:
    rows = []
    for path in BUGGY:
        line, cat = _expected(path)
        v = _verdict(reports[path]["diagnostics"], line, cat)
        rows.append((path.name, line, cat, v))
    n = len(rows)
    right_line = sum(v["line"] for *_, v in rows)
    right_cat = sum(v["category"] for *_, v in rows)
    right_cat_any = sum(v["category_any"] for *_, v in rows)
    both = sum(v["line"] and v["category"] for *_, v in rows)
    print(f"\nheld-out buggy designs: {n} (relative paths, from the repo root)")
    print(f"right line:                      {right_line}/{n} = {right_line / n:.1%}")
    print(f"right category (primary finding): {right_cat}/{n} = {right_cat / n:.1%}")
    print(f"right category (any on the line): {right_cat_any}/{n} = {right_cat_any / n:.1%}")
    print(f"right line and category:          {both}/{n} = {both / n:.1%}")
    for name, line, cat, v in rows:
        if not (v["line"] and v["category"]):
            print(f"MISS {name}: expected {line} {cat}; line={'ok' if v['line'] else 'MISSED'} "
                  f"category={'ok' if v['category'] else 'WRONG'}; check said {v['said']}")
    assert right_line / n >= 0.90
    assert right_cat / n >= 0.85


@pytest.mark.sim
def test_holdout_totals_match_findings(reports: dict[Path, dict[str, Any]]) -> None:
    """The report's totals (what scripts and CI read) agree with its findings, on every held-out design:
    no correct design totals a finding, every buggy one totals at least one, and `ok` follows the errors."""
    wrong = []
    for path in CORRECT + BUGGY:
        r = reports[path]
        errors = sum(d["severity"] == "error" for d in r["diagnostics"])
        warnings = sum(d["severity"] == "warning" for d in r["diagnostics"])
        flagged = r["errors"] + r["warnings"]
        if (r["errors"], r["warnings"], r["ok"]) != (errors, warnings, errors == 0) \
                or (path in CORRECT and flagged) or (path in BUGGY and not flagged):
            wrong.append((path.name, r["errors"], r["warnings"], r["ok"], errors, warnings))
    assert not wrong, wrong


@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.name)
@pytest.mark.sim
def test_correct_holdout_design_is_clean(path: Path, reports: dict[Path, dict[str, Any]]) -> None:
    report = reports[path]
    flagged = [d for d in report["diagnostics"] if d["severity"] in FLAGGING]
    assert report["errors"] == 0 and report["warnings"] == 0, flagged


@pytest.mark.sim
def test_diagnostics_name_the_checked_file(reports: dict[Path, dict[str, Any]]) -> None:
    """Every finding on a one-file check points at that file, as the user spelled it."""
    wrong = set()
    for path in BUGGY:
        given = str(path.relative_to(REPO))
        wrong |= {(given, d["file"]) for d in reports[path]["diagnostics"] if d["file"] != given}
    assert not wrong, sorted(wrong)[:5]
