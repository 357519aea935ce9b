"""The results store: the driver is its only writer; unscheduled and duplicate keys are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.bench.store import BenchRecord, ResultStore
from veriagent.errors import StoreError


def _rec(problem: str, sample: int, passed: bool = False) -> BenchRecord:
    return BenchRecord(problem=problem, sample=sample, judge="equivalence", passed=passed)


def test_unscheduled_record_is_refused(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    store.schedule([("maj", 0, "equivalence")])
    with pytest.raises(StoreError, match="not scheduled: other/0/equivalence"):
        store.append([_rec("maj", 0), _rec("other", 0, passed=True)])
    assert not (tmp_path / "results.jsonl").exists()  # nothing of the refused batch was written
    store.append([_rec("maj", 0)])
    assert [r.key for r in ResultStore(tmp_path).load()] == [("maj", 0, "equivalence")]


def test_duplicate_append_is_an_error_naming_the_key(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    store.append([_rec("maj", 1)])
    with pytest.raises(StoreError, match="duplicate records for maj/1/equivalence"):
        store.append([_rec("maj", 1, passed=True)])
    with pytest.raises(StoreError, match="maj/2/equivalence"):
        store.append([_rec("maj", 2), _rec("maj", 2)])


def test_duplicates_in_the_file_are_an_error_naming_them(tmp_path: Path) -> None:
    """A record appended by anything but the driver (an injected 'passed' line) is not silently used."""
    ResultStore(tmp_path).append([_rec("maj", 1)])
    with open(tmp_path / "results.jsonl", "a") as f:
        f.write('{"problem": "maj", "sample": 1, "judge": "equivalence", "passed": true}\n')
    with pytest.raises(StoreError, match="duplicate records for maj/1/equivalence"):
        ResultStore(tmp_path).load()
