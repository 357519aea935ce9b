"""pass@k math, metrics aggregation, the results store (torn lines, duplicates), reports, compare."""

from __future__ import annotations

import json
from math import comb
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from veriagent.bench.compare import compare_runs
from veriagent.bench.metrics import compute, pass_at_k
from veriagent.bench.report import waveform_svg, write_reports
from veriagent.bench.store import BenchRecord, ResultStore, load_records
from veriagent.errors import BadInput, StoreError
from veriagent.sim.models import MismatchRow


def rec(problem: str, sample: int, passed: bool, **kw: object) -> BenchRecord:
    kw.setdefault("category", None if passed else "functional-mismatch")
    return BenchRecord(problem=problem, sample=sample, judge=kw.pop("judge", "equivalence"),  # type: ignore[arg-type]
                       passed=passed, **kw)  # type: ignore[arg-type]


# --- pass@k ---------------------------------------------------------------------------------------


def test_pass_at_k_hand_computed() -> None:
    # n=5, c=2, k=1: 1 - C(3,1)/C(5,1) = 1 - 3/5 = 0.4
    assert pass_at_k(5, 2, 1) == pytest.approx(0.4)
    # n=10, c=3, k=5: 1 - C(7,5)/C(10,5) = 1 - 21/252 = 0.916666...
    assert pass_at_k(10, 3, 5) == pytest.approx(1 - 21 / 252)
    # n=4, c=1, k=2: 1 - C(3,2)/C(4,2) = 1 - 3/6 = 0.5
    assert pass_at_k(4, 1, 2) == pytest.approx(0.5)
    assert pass_at_k(10, 0, 10) == 0.0
    assert pass_at_k(10, 10, 1) == 1.0
    assert pass_at_k(10, 1, 10) == 1.0  # n - c < k: every k-subset holds the passing sample


def test_pass_at_k_matches_binomial_form_and_is_stable() -> None:
    for n in range(1, 25):
        for c in range(n + 1):
            for k in range(1, n + 1):
                exact = 1 - comb(n - c, k) / comb(n, k)
                assert pass_at_k(n, c, k) == pytest.approx(exact, abs=1e-12)
    # large n: the product form does not overflow and stays in [0, 1]
    v = pass_at_k(2000, 7, 100)
    assert 0.0 < v < 1.0
    assert v == pytest.approx(1 - comb(1993, 100) / comb(2000, 100), rel=1e-9)


@pytest.mark.parametrize(("n", "c", "k"), [(3, 4, 1), (3, 1, 4), (3, 1, 0), (0, 0, 1)])
def test_pass_at_k_rejects_bad_arguments(n: int, c: int, k: int) -> None:
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)


def test_compute_reports_k_only_when_every_problem_has_k_samples() -> None:
    records = [rec("p1", s, s < 2, problem_category="gates") for s in range(5)]  # 2 of 5 pass
    records += [rec("p2", s, s == 0, problem_category="fsm") for s in range(5)]  # 1 of 5 pass
    m = compute(records, "equivalence")
    assert m.pass_at_k["pass@1"] == pytest.approx((0.4 + 0.2) / 2)
    assert m.pass_at_k["pass@5"] == pytest.approx(1.0)
    assert "pass@10" not in m.pass_at_k
    assert m.units == 10 and m.passed == 3 and m.problems_solved == 2
    assert m.by_category["gates"].passed == 2 and m.by_category["fsm"].total == 5
    assert m.failure_classes == {"functional-mismatch": 7}
    # one problem with fewer samples limits k for the whole run
    m2 = compute([*records, rec("p3", 0, True)], "equivalence")
    assert list(m2.pass_at_k) == ["pass@1"]
    assert m2.samples_min == 1 and m2.samples_max == 5


def test_compute_failure_and_diagnostic_counts_and_tokens() -> None:
    records = [
        rec("a", 0, False, category="compile-error", diagnostic_category="syntax", source="generator", tokens=900),
        rec("b", 0, False, category="compile-error", diagnostic_category="syntax", source="generator", tokens=800),
        rec("c", 0, False, category="compile-error", diagnostic_category="width-mismatch", source="generator",
            tokens=700),
        rec("d", 0, False, category="timeout", source="generator", tokens=600),
        rec("e", 0, True, source="generator", tokens=100),
        rec("f", 0, True, source="generator", tokens=200),
        rec("g", 0, True, judge="suite"),
    ]
    m = compute(records, "equivalence")
    assert m.failure_classes == {"compile-error": 3, "timeout": 1}
    assert m.diagnostic_categories == {"syntax": 2, "width-mismatch": 1}
    assert m.tokens_total == 3300
    assert m.tokens_mean_passed == pytest.approx(150)
    assert m.tokens_mean_failed == pytest.approx(750)
    assert [(b.lo, b.hi, b.passed, b.total) for b in m.token_bins] == [
        (100, 100, 1, 1), (200, 600, 1, 2), (700, 700, 0, 1), (800, 900, 0, 2)]
    assert compute(records, "suite").units == 1


# --- results store --------------------------------------------------------------------------------


def test_store_drops_torn_last_line_and_duplicates(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    store.append([rec("p", 0, True), rec("p", 1, False)])
    with open(store.path, "ab") as f:  # a write cut short by kill -9
        f.write(b'{"problem": "p", "sample": 2, "judge": "equi')
    loaded = store.load()
    assert [r.key for r in loaded] == [("p", 0, "equivalence"), ("p", 1, "equivalence")]
    assert store.path.read_bytes().endswith(b"\n")  # the torn tail was cut off
    with pytest.raises(StoreError, match="duplicate records for p/0/equivalence"):
        store.append([rec("p", 2, True), rec("p", 0, False)])  # a duplicate key is refused, whole
    loaded = load_records(tmp_path)
    assert [r.key for r in loaded] == [("p", 0, "equivalence"), ("p", 1, "equivalence")]
    assert loaded[0].passed is True
    assert all(json.loads(line) for line in store.path.read_text().splitlines())


# --- reports and compare --------------------------------------------------------------------------

WINDOW = [
    MismatchRow(time="10 ns", inputs={"en": "1", "d": "4'h3"}, expected={"q": "4'h2", "v": "1"},
                actual={"q": "4'h2", "v": "1"}),
    MismatchRow(time="20 ns", inputs={"en": "0", "d": "4'h3"}, expected={"q": "4'h3", "v": "0"},
                actual={"q": "4'h7", "v": "1"}, mismatch=["q", "v"]),
]


def _run_dir(path: Path, verdicts: dict[str, bool]) -> Path:
    path.mkdir()
    (path / "run.json").write_text(json.dumps({"suite": "demo", "judges": ["equivalence"], "seed": 1}))
    ResultStore(path).append([
        rec(p, 0, ok, problem_category="counters", window=[] if ok else WINDOW,
            mismatches={} if ok else {"q": 1, "v": 1}, first_mismatch_time=None if ok else "20 ns",
            reason="matches" if ok else "outputs differ <q> & v")
        for p, ok in verdicts.items()
    ])
    return path


def test_reports_render_stored_results(tmp_path: Path) -> None:
    d = _run_dir(tmp_path / "a", {"p1": True, "p2": False, "p3": True})
    paths = write_reports(d)
    summary = json.loads(paths["summary"].read_text())
    assert summary["judges"]["equivalence"]["pass_at_k"]["pass@1"] == pytest.approx(2 / 3)
    assert summary["failed"] == ["p2/0"]
    root = ET.parse(paths["junit"]).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == 3
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 1 and "outputs differ" in failures[0].get("message", "")
    page = paths["html"].read_text()
    assert "<svg" in page and "<script" not in page and "http" not in page.split("</style>")[1].replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "p2" in page and "20 ns" in page and "&lt;q&gt; &amp; v" in page
    assert "| p2 | 0 | functional-mismatch |" in paths["markdown"].read_text()


def test_waveform_svg_marks_mismatches() -> None:
    svg = waveform_svg(WINDOW)
    ET.fromstring(svg)  # well-formed
    assert svg.count("q (ref)") == 1 and "v (dut)" in svg
    assert "#c00" in svg  # mismatching cells drawn in red
    assert waveform_svg([]) == ""


def test_compare_lists_flips_and_pass_at_1(tmp_path: Path) -> None:
    a = _run_dir(tmp_path / "a", {"p1": True, "p2": False, "p3": True, "p4": True})
    b = _run_dir(tmp_path / "b", {"p1": False, "p2": True, "p3": True, "p5": False})
    cmp = compare_runs(a, b)
    assert [f.problem for f in cmp.pass_to_fail] == ["p1"]
    assert [f.problem for f in cmp.fail_to_pass] == ["p2"]
    assert cmp.pass_at_1_a == pytest.approx(0.75) and cmp.pass_at_1_b == pytest.approx(0.5)
    assert cmp.only_a == ["p4/0"] and cmp.only_b == ["p5/0"] and cmp.common == 3
    with pytest.raises(BadInput):
        compare_runs(a, tmp_path / "missing")


def test_reports_give_verified_precision(tmp_path: Path) -> None:
    d = tmp_path / "v"
    d.mkdir()
    (d / "run.json").write_text(json.dumps({"suite": "demo", "judges": ["equivalence"], "seed": 1}))
    ResultStore(d).append([rec("p1", 0, True, self_verified=True), rec("p2", 0, False, self_verified=True),
                           rec("p3", 0, True, self_verified=False), rec("p4", 0, False)])
    paths = write_reports(d)
    summary = json.loads(paths["summary"].read_text())
    assert summary["verified_precision"]["equivalence"] == {"self_verified": 2, "confirmed": 1, "precision": 0.5}
    assert "- self-verified by the agent: 2; judge-confirmed: 1 (verified precision 50.0%)" in \
        paths["markdown"].read_text()
