"""Render a :class:`~veriagent.hdl.check.CheckResult` as SARIF 2.1.0 (GitHub code scanning, VS Code)."""

from __future__ import annotations

from typing import Any

from veriagent import __version__
from veriagent.hdl.check import CheckResult
from veriagent.hdl.diagnostics import CATEGORIES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def to_sarif(result: CheckResult) -> dict[str, Any]:
    """One SARIF run whose rules are veriagent's categories and whose results are the diagnostics.

    Args:
        result: a finished check.

    Returns:
        A JSON-serialisable SARIF 2.1.0 log (``version``, ``$schema``, ``runs``).
    """
    rules = [{"id": cat, "name": cat, "shortDescription": {"text": text}} for cat, text in CATEGORIES.items()]
    index = {cat: i for i, cat in enumerate(CATEGORIES)}
    results: list[dict[str, Any]] = []
    for d in result.diagnostics:
        region: dict[str, int] = {"startLine": d.line or 1}
        if d.column:
            region["startColumn"] = d.column
        results.append(
            {
                "ruleId": d.category,
                "ruleIndex": index[d.category],
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": d.file}, "region": region}}],
                "properties": {"tool": d.tool, "toolRule": d.rule, "alsoReportedBy": d.also_reported_by},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "veriagent",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "artifacts": [{"location": {"uri": f}} for f in result.files],
                "results": results,
                "properties": {"tools": result.tools, "seconds": result.seconds},
            }
        ],
    }
