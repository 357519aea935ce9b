"""One diagnostic model for every tool, and the closed set of categories.

Parsers for Icarus, Verilator and slang output live here too (see the functions below the model).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "info"]

#: The closed set of categories, with what each means (rendered into docs/diagnostics.md).
CATEGORIES: dict[str, str] = {
    "syntax": "The source does not parse (missing semicolon, unbalanced begin/end, bad token).",
    "undeclared-identifier": "A name is used but never declared (or declared after use).",
    "unknown-module": "An instantiated module is not defined in the given files.",
    "port-mismatch": "An instance connects ports that do not exist, or misses/duplicates some; "
    "or the design's ports differ from the required interface.",
    "width-mismatch": "Operands or an assignment have different bit widths (truncation or extension).",
    "multiple-drivers": "A signal is driven from more than one always block or assign.",
    "assign-to-input": "A module input is assigned inside the module.",
    "procedural-assign-to-wire": "A net (wire) is assigned inside an always/initial block: declare it reg/logic "
    "or drive it with assign.",
    "blocking-in-sequential": "Blocking assignment (=) in a clocked always block, or a mix of = and <= on "
    "one signal.",
    "latch-inferred": "A combinational block does not assign a signal on every path, so a latch is inferred.",
    "missing-sensitivity": "A combinational always block's sensitivity list misses signals it reads "
    "(use always @(*) / always_comb).",
    "unsupported-by-simulator": "The simulator does not support a construct (Icarus 'sorry:' messages): "
    "a tool limit, not a design bug.",
    "other": "Anything else the tools report.",
}

Category = Literal[
    "syntax",
    "undeclared-identifier",
    "unknown-module",
    "port-mismatch",
    "width-mismatch",
    "multiple-drivers",
    "assign-to-input",
    "procedural-assign-to-wire",
    "blocking-in-sequential",
    "latch-inferred",
    "missing-sensitivity",
    "unsupported-by-simulator",
    "other",
]


class Diagnostic(BaseModel):
    """One finding of one tool (or of several tools, merged) at one place."""

    file: str
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"
    category: Category = "other"
    message: str
    tool: str
    rule: str = ""
    also_reported_by: list[str] = []

    def gcc_format(self) -> str:
        """``path:line:col: severity: message [tool:rule]`` (the text format of ``veriagent check``)."""
        line = self.line if self.line is not None else 1
        col = self.column if self.column is not None else 1
        tag = f"{self.tool}:{self.rule}" if self.rule else self.tool
        return f"{self.file}:{line}:{col}: {self.severity}: {self.message} [{tag}]"
