"""Bench units (one problem x sample) and where their candidates come from: references or files.

Generated candidates are filled in by the runner (:mod:`veriagent.bench.runner`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from veriagent.bench.models import GeneratedCandidate, Problem
from veriagent.errors import BadInput
from veriagent.hdl.text import looks_like_code, rename_modules

log = logging.getLogger(__name__)


@dataclass
class Unit:
    """One problem x sample to judge, with its candidate source once known."""

    problem: Problem
    sample: int
    judges: list[str]
    kind: Literal["reference", "candidates", "generator"] = "candidates"
    source: str | None = None
    origin: str = ""
    suffix: str = ".v"
    precheck: tuple[str, str] | None = None
    """(failure class, reason) decided before judging (empty file, no reference ...)."""
    gen: GeneratedCandidate | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# --- candidate sources ----------------------------------------------------------------------------


def candidate_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be a Verilog candidate (empty, binary, no module), or None."""
    if not data.strip():
        return "the candidate file is empty"
    if b"\x00" in data[:65536]:
        return "the candidate file is binary (NUL bytes)"
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > 16 and bad > len(text) // 100:
        return "the candidate file is binary (not UTF-8 text)"
    if not looks_like_code(text):
        return "the candidate has no `module` declaration"
    return None


def judges_for(problem: Problem, judges: Sequence[str], choice: str) -> list[str]:
    """The judges that apply to ``problem`` (``both`` skips "suite" where there is no suite testbench)."""
    if choice == "both" and problem.testbench_path is None:
        return [j for j in judges if j != "suite"]
    return list(judges)


def reference_units(problems: Sequence[Problem], judges: Sequence[str]) -> list[Unit]:
    """One unit per problem whose candidate is the suite's reference (the suite self-check).

    The candidate is a copy of the reference under the required top (see :func:`reference_as_top`).
    """
    units = []
    for p in problems:
        u = Unit(p, 0, list(judges), kind="reference", origin="reference")
        if p.ref_path is None or not Path(p.ref_path).is_file():
            u.precheck = ("harness-error", f"problem {p.id} has no reference design")
        else:
            u.source, u.origin, u.suffix = _read_source(Path(p.ref_path), u)
            if u.source is not None and p.ref_top and p.ref_top != p.top:
                u.source = reference_as_top(u.source, p.ref_top, p.top)
        units.append(u)
    return units


def reference_as_top(source: str, ref_top: str, top: str) -> str:
    """A copy of a reference design whose top module ``ref_top`` is renamed ``top``.

    Suites name the reference after itself (``RefModule``, ``verified_<name>``), while the judge
    requires the problem's top. The reference's other modules get a ``va_ref_`` prefix, so the copy
    can be compiled next to the reference itself (a VerilogEval testbench instantiates both).
    Comments are dropped (see :func:`veriagent.hdl.text.rename_modules`).
    """
    text, mapping = rename_modules(source, "va_ref_")
    if ref_top not in mapping:
        return source
    return re.sub(r"\b" + re.escape(mapping[ref_top]) + r"\b", top, text)


def _read_source(path: Path, unit: Unit) -> tuple[str | None, str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        unit.precheck = ("no-code", f"cannot read {path}: {exc.strerror or exc}")
        return None, str(path), path.suffix or ".v"
    why = candidate_problem(data)
    if why:
        unit.precheck = ("no-code", why)
        return None, str(path), path.suffix or ".v"
    return data.decode("utf-8", errors="replace"), str(path), path.suffix


def dir_units(problems: Sequence[Problem], cand_dir: Path, samples: int, judges: Sequence[str]) -> list[Unit]:
    """Units for candidate files ``DIR/<problem>/<sample>.v``; a missing file is a no-code unit.

    Raises:
        BadInput: ``cand_dir`` is not a directory.
    """
    if not cand_dir.is_dir():
        raise BadInput(f"{cand_dir}: candidates directory not found (expected DIR/<problem>/<sample>.v)")
    units = []
    for p in problems:
        files: dict[int, Path] = {}
        pdir = cand_dir / p.id
        if pdir.is_dir():
            for f in sorted(pdir.iterdir()):
                if f.suffix in (".v", ".sv") and f.stem.isdigit() and f.is_file():
                    files.setdefault(int(f.stem), f)
                elif f.is_file():
                    log.warning("%s: ignored (candidates are named <sample>.v or <sample>.sv)", f)
        if not files:
            for s in range(samples):
                u = Unit(p, s, list(judges), origin=str(pdir))
                u.precheck = ("no-code", f"no candidate file {pdir}/{s}.v")
                units.append(u)
            continue
        for s, f in sorted(files.items()):
            u = Unit(p, s, list(judges))
            u.source, u.origin, u.suffix = _read_source(f, u)
            units.append(u)
    return units
