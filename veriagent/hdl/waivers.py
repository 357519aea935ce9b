"""Waivers: findings the user has accepted, honoured across every tool ``check`` runs.

Two sources:

* ``verilator lint_off RULE`` / ``lint_on RULE`` comments in the source (``RULE`` optional: all
  warnings). Verilator honours them itself; here they also silence the *same* finding when slang or
  Icarus report it (slang's ``width-trunc`` inside a ``lint_off WIDTHTRUNC`` region).
* the ``[check.waive]`` table of ``veriagent.toml``: rule id -> file globs, e.g.
  ``WIDTHTRUNC = ["rtl/legacy/*.v"]``. A rule id is a Verilator rule (``WIDTHTRUNC``), a slang
  option name (``width-trunc``), an Icarus rule (``sorry``) or a category (``latch-inferred``).

Only warnings are waived; an error stays an error (Verilator treats its comments the same way).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from veriagent.hdl.diagnostics import VERILATOR_RULES, Diagnostic

_PRAGMA = re.compile(r"(?://|/\*)\s*verilator\s+lint_(?P<on>on|off)\b(?:\s+(?P<rule>[A-Za-z0-9_]+))?")


@dataclass(frozen=True)
class Region:
    """Lines ``start..end`` (inclusive) of one file where ``rule`` (None: every warning) is off."""

    rule: str | None
    start: int
    end: int


def lint_off_regions(text: str) -> list[Region]:
    """The ``verilator lint_off`` regions of one source text (an unclosed one runs to the end)."""
    regions: list[Region] = []
    open_at: dict[str | None, int] = {}
    lines = text.splitlines()
    for no, line in enumerate(lines, start=1):
        for m in _PRAGMA.finditer(line):
            rule = m.group("rule").upper() if m.group("rule") else None
            if m.group("on") == "off":
                open_at.setdefault(rule, no)
            elif rule is None:  # `lint_on` with no rule closes every region
                for r, start in open_at.items():
                    regions.append(Region(r, start, no))
                open_at.clear()
            elif rule in open_at:
                regions.append(Region(rule, open_at.pop(rule), no))
    regions.extend(Region(r, start, len(lines)) for r, start in open_at.items())
    return regions


def _width_kind(d: Diagnostic) -> str:
    """``trunc`` / ``expand`` / ``""`` for a width finding of any tool."""
    text = f"{d.rule} {d.message}".lower()
    if "trunc" in text:
        return "trunc"
    if "expand" in text or "extend" in text or "padding" in text:
        return "expand"
    return ""


def rule_matches(rule: str, d: Diagnostic) -> bool:
    """Whether a waiver rule id covers finding ``d`` (of any tool).

    Args:
        rule: a Verilator rule, a slang option name, a tool rule, or a category name.
        d: the finding.

    Returns:
        True when ``rule`` names ``d``'s own rule, its category, or the Verilator rule of the same
        finding (``WIDTHTRUNC`` covers slang's ``width-trunc``, not ``width-expand``).
    """
    if rule in (d.rule, d.category) or rule.lower() == d.rule.lower():
        return True
    upper = rule.upper()
    if upper not in VERILATOR_RULES or VERILATOR_RULES[upper] != d.category:
        return False
    if upper == "WIDTHTRUNC":
        return _width_kind(d) in ("trunc", "")
    if upper in ("WIDTHEXPAND", "WIDTHXZEXPAND"):
        return _width_kind(d) in ("expand", "")
    return True


def _glob_match(path: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], p) for p in patterns)


def apply_waivers(
    diags: Sequence[Diagnostic],
    regions: Mapping[str, Sequence[Region]],
    table: Mapping[str, Sequence[str]] | None = None,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Split findings into (kept, waived).

    Args:
        diags: findings, files named as the user gave them.
        regions: file (as given) -> its ``lint_off`` regions.
        table: the ``[check.waive]`` table (rule id -> file globs).

    Returns:
        The findings still reported, and the warnings a waiver covers.
    """
    kept: list[Diagnostic] = []
    waived: list[Diagnostic] = []
    for d in diags:
        if d.severity == "warning" and (_in_region(d, regions.get(d.file, ())) or _in_table(d, table or {})):
            waived.append(d)
        else:
            kept.append(d)
    return kept, waived


def _in_region(d: Diagnostic, regions: Sequence[Region]) -> bool:
    if d.line is None:
        return False
    return any(r.start <= d.line <= r.end and (r.rule is None or rule_matches(r.rule, d)) for r in regions)


def _in_table(d: Diagnostic, table: Mapping[str, Sequence[str]]) -> bool:
    return any(rule_matches(rule, d) and _glob_match(d.file, globs) for rule, globs in table.items())


__all__ = ["Region", "apply_waivers", "lint_off_regions", "rule_matches"]
