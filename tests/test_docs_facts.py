"""Numbers the docs state about the code, checked against the code (issue 15: docs/judge.md said
"one 10 ns cycle" where the harness waits 9 ns; docs/benchmarks.md named an old suite hash)."""

from __future__ import annotations

import re
from pathlib import Path

from veriagent.bench.suite import load_suite
from veriagent.resources import builtin_suite_dir

REPO = Path(__file__).resolve().parent.parent


def test_judge_doc_cycle_matches_the_harness() -> None:
    tb = (REPO / "testbenches" / "equivalence_tb.py").read_text()
    start = tb.index("for vec, in_reset in stim.sequential():")  # in drive(), shared by both harnesses
    loop = tb[start:tb.index("return resets", start)]
    waits = [int(n) for n in re.findall(r"await Timer\((\d+), unit=\"ns\"\)", loop)]
    assert waits, "the sequential loop of the harness waits with Timer(..., unit=\"ns\")"
    doc = (REPO / "docs" / "judge.md").read_text()
    m = re.search(r"Sequential, one (\d+) ns cycle", doc)
    assert m and int(m.group(1)) == sum(waits), (m and m.group(0), waits)
    # the sample points the doc names: after the input change and after the active edge
    assert f"sample at t+{sum(waits[:2]) + 1}" in doc and f"sample at t+{sum(waits)}" in doc


def test_benchmarks_doc_names_the_current_suite_hash() -> None:
    suite_dir = builtin_suite_dir()
    assert suite_dir is not None
    digest = load_suite(suite_dir).content_hash[:12]
    doc = (REPO / "docs" / "benchmarks.md").read_text()
    named = re.findall(r"hash `([0-9a-f]{12})`", doc)
    assert digest in named, (named, digest)  # the doc names the suite as it is now
