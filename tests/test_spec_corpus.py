"""The spec-notation corpus: every snippet's interface as a careful reader takes it from the text.

Each case is ``tests/data/spec_corpus/<notation>/<case>.md`` with the expected interface beside it in
``<case>.json``: ``module`` (or null when the spec names none), ``ports`` in the spec's order (name,
direction, width with parameters at their defaults), ``parameters`` (only when the spec defines
module parameters; values as strings) and ``source`` (header, list, sections, table or prose).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veriagent.agent.spec import interface_from_spec

CORPUS = Path(__file__).parent / "data" / "spec_corpus"
CASES = sorted(CORPUS.glob("*/*.md"))
SOURCES = {"header", "list", "sections", "table", "prose"}


def _expected(case: Path) -> dict:
    return json.loads(case.with_suffix(".json").read_text())


def test_corpus_size() -> None:
    notations = {c.parent.name for c in CASES}
    assert len(CASES) >= 80, len(CASES)
    assert len(notations) >= 8, notations


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.stem}")
def test_expected_file_is_well_formed(case: Path) -> None:
    exp = _expected(case)
    assert set(exp) <= {"module", "ports", "parameters", "source"}
    assert exp["source"] in SOURCES
    assert exp["ports"], "a corpus case has ports"
    names = [p["name"] for p in exp["ports"]]
    assert len(names) == len(set(names))
    text = case.read_text()
    for p in exp["ports"]:
        assert set(p) == {"name", "direction", "width"}
        assert p["direction"] in ("input", "output", "inout")
        assert isinstance(p["width"], int) and p["width"] >= 1
        assert p["name"] in text
    if exp["module"] is not None:
        assert exp["module"] in text
    for k, v in exp.get("parameters", {}).items():
        assert k in text and isinstance(v, str) and v in text


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.stem}")
def test_interface_from_spec(case: Path) -> None:
    exp = _expected(case)
    iface = interface_from_spec(case.read_text(), None)
    assert iface is not None, "no interface found"
    if exp["module"] is not None:
        assert iface.module == exp["module"]
    got = [{"name": p.name, "direction": p.direction, "width": p.width} for p in iface.ports]
    assert got == exp["ports"]
    if "parameters" in exp:
        assert iface.parameters == exp["parameters"]
    assert getattr(iface, "source", None) == exp["source"]
