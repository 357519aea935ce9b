"""One diagnostic model for every tool, and the closed set of categories.

Parsers for Icarus, Verilator and slang output live here too (see the functions below the model).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
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
    "procedural-assign-to-wire": (
        "A net (wire) is assigned inside an always/initial block: declare it reg/logic "
        "or drive it with assign."
    ),
    "blocking-in-sequential": "Blocking assignment (=) in a clocked always block, or a mix of = and <= on "
    "one signal.",
    "latch-inferred": "A combinational block does not assign a signal on every path, so a latch is inferred.",
    "missing-sensitivity": "A combinational always block's sensitivity list misses signals it reads "
    "(use always @(*) / always_comb).",
    "unsupported-by-simulator": "Valid code the simulator (Icarus 11) does not support ('sorry:' messages, "
    "casts it wants on legal enum code): a warning naming the simulator, not a design bug.",
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


def source_excerpt(d: Diagnostic, text: str) -> list[str]:
    """The source line of ``d`` with a caret under its column (``  3 |   assign y = a;`` / ``    |   ^``).

    Args:
        d: a finding.
        text: the text of ``d.file``.

    Returns:
        Two lines, or none when ``d`` has no line inside ``text``.
    """
    lines = text.splitlines()
    if d.line is None or not 0 < d.line <= len(lines):
        return []
    src = lines[d.line - 1].expandtabs(1)
    col = max(1, min(d.column or (len(src) - len(src.lstrip()) + 1), len(src) + 1))
    no = str(d.line)
    return [f" {no} | {src}", f" {' ' * len(no)} | {' ' * (col - 1)}^"]


# --------------------------------------------------------------------------------------------------
# Parsers: tool output -> Diagnostics
# --------------------------------------------------------------------------------------------------


#: Tools in the order their messages are preferred when several report the same finding.
TOOL_ORDER: tuple[str, ...] = ("slang", "verilator", "iverilog")

#: Per-category override of TOOL_ORDER (whose line/message wins a merge).
#: Syntax: only slang points at the line of a missing ';' (the others at the next token).
#: Latches: Verilator reports every latch at its ``always`` line; slang only for always_comb.
_PREFERRED: dict[str, tuple[str, ...]] = {
    "syntax": ("slang", "verilator", "iverilog"),
    "latch-inferred": ("verilator", "slang", "iverilog"),
    "width-mismatch": ("verilator", "slang", "iverilog"),
    "blocking-in-sequential": ("verilator", "slang", "iverilog"),
}

#: Verilator rule -> category (rules not listed map to "other").
VERILATOR_RULES: dict[str, str] = {
    "WIDTH": "width-mismatch",
    "WIDTHTRUNC": "width-mismatch",
    "WIDTHEXPAND": "width-mismatch",
    "WIDTHXZEXPAND": "width-mismatch",
    "WIDTHCONCAT": "width-mismatch",
    "MULTIDRIVEN": "multiple-drivers",
    "BLKSEQ": "blocking-in-sequential",
    "BLKANDNBLK": "blocking-in-sequential",
    "LATCH": "latch-inferred",
    "IMPLICIT": "undeclared-identifier",
    "PINNOTFOUND": "port-mismatch",
    "PINMISSING": "port-mismatch",
    "PINCONNECTEMPTY": "port-mismatch",
    "ASSIGNIN": "assign-to-input",
    "PROCASSWIRE": "procedural-assign-to-wire",
    "MODMISSING": "unknown-module",
}

#: Verilator ``%Error:`` messages without a rule code -> category.
_VERILATOR_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"syntax error|Unsupported: .*token|unexpected", re.I), "syntax"),
    (
        re.compile(r"Can't find definition of|not found, creating implicitly|Can't find typedef", re.I),
        "undeclared-identifier",
    ),
    (
        re.compile(r"Cannot find file containing module|Can't find definition of module", re.I),
        "unknown-module",
    ),
    (re.compile(r"Pin not found|Duplicate pin connection|Pin is not an in/out/inout", re.I), "port-mismatch"),
    (re.compile(r"Assigning to input", re.I), "assign-to-input"),
    (re.compile(r"Procedural assignment to wire", re.I), "procedural-assign-to-wire"),
    (re.compile(r"multiple driv", re.I), "multiple-drivers"),
)

#: Icarus message text -> category (first match wins; "sorry" is handled before these).
_ICARUS_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"syntax error|I give up|Malformed|Invalid module item|Incomprehensible|"
            r"invalid module item|Errors in port declarations|Syntax in assignment",
            re.I,
        ),
        "syntax",
    ),
    (re.compile(r"Unknown module type", re.I), "unknown-module"),
    (
        re.compile(
            r"Unable to bind|implicit definition of wire|is not declared|Unable to elaborate r-value: "
            r"\w+$|Unknown identifier",
            re.I,
        ),
        "undeclared-identifier",
    ),
    (re.compile(r"expects \d+ bits?, got \d+|Padding \d+ high bits|truncated", re.I), "width-mismatch"),
    (
        re.compile(
            r"is not a port of|port .* not found|too many ports|already bound|"
            r"Wrong number of ports|port .* is not a port|dangling input port",
            re.I,
        ),
        "port-mismatch",
    ),
    (re.compile(r"unresolved wires", re.I), "multiple-drivers"),
    (re.compile(r"is not a valid l-value", re.I), "procedural-assign-to-wire"),
    (
        re.compile(r"Cannot perform procedural assignment to|cannot be driven by", re.I),
        "procedural-assign-to-wire",
    ),
    (re.compile(r"already been declared|multiple driv", re.I), "multiple-drivers"),
)

#: slang diagnostic code name -> category (parse errors are always "syntax").
SLANG_CODES: dict[str, str] = {
    "UndeclaredIdentifier": "undeclared-identifier",
    "TypoIdentifier": "undeclared-identifier",
    "ImplicitNet": "undeclared-identifier",
    "UsedBeforeDeclared": "undeclared-identifier",
    "UnknownModule": "unknown-module",
    "UnknownInterface": "unknown-module",
    "PortDoesNotExist": "port-mismatch",
    "DuplicatePortConnection": "port-mismatch",
    "TooManyPortConnections": "port-mismatch",
    "MixingOrderedAndNamedPorts": "port-mismatch",
    "ImplicitNamedPortNotFound": "port-mismatch",
    "UnconnectedNamedPort": "port-mismatch",
    "UnconnectedOutputPort": "port-mismatch",
    "UnconnectedInputPort": "port-mismatch",
    "UnconnectedUnnamedPort": "port-mismatch",
    "PortWidthTruncate": "width-mismatch",
    "PortWidthExpand": "width-mismatch",
    "WidthTruncate": "width-mismatch",
    "WidthExpand": "width-mismatch",
    "MultipleAlwaysAssigns": "multiple-drivers",
    "MultipleContAssigns": "multiple-drivers",
    "MixedVarAssigns": "multiple-drivers",
    "MultipleUWireDrivers": "multiple-drivers",
    "InputPortAssign": "assign-to-input",
    "InputPortCoercion": "assign-to-input",
    "AssignToNet": "procedural-assign-to-wire",
    "BlockingInAlwaysFF": "blocking-in-sequential",
    "InferredLatch": "latch-inferred",
    "ExpressionNotAssignable": "other",
}

#: slang warnings enabled on top of its defaults (all off by default in slang).
SLANG_EXTRA_WARNINGS: tuple[str, ...] = (
    "WidthTruncate",
    "WidthExpand",
    "PortWidthTruncate",
    "PortWidthExpand",
    "ImplicitNet",
    "InferredLatch",
)

#: slang warnings switched off: style only, or noise on correct designs.
SLANG_SILENCED: tuple[str, ...] = (
    "UnconnectedOutputPort",  # `.q()` left open on purpose; a *missing* pin is also reported by Verilator
    "UnconnectedInputPort",
    "DuplicateDefinition",
    "CaseRedundantDefault",  # `unique case` with a `default` is legal and common
    "SignConversion",  # `3'(i)` of an int loop variable; widths are checked separately
    "SignCompare",  # `cnt == DIV - 1`: an unsigned reg against an untyped parameter, ordinary Verilog
    "CaseDefault",  # a full case without `default` is fine; Verilator's CASEINCOMPLETE covers the rest
    "TopModuleUnnamedRefPort",
)

_GCC_LOC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?:(?P<col>\d+):)?\s*(?P<rest>.*)$")
_VERILATOR_HEAD = re.compile(
    r"^%(?P<sev>Warning|Error)(?:-(?P<rule>[A-Z0-9_]+))?:\s*"
    r"(?:(?P<file>[^:\s][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)?\s*)?(?P<msg>.*)$"
)
_SORRY = re.compile(r"^(?:[\w.]+\s+)?sorry:\s*", re.I)
#: Icarus "sorry" notes that change nothing the design relies on (it compiles and runs).
_BENIGN_SORRY = re.compile(r"will be included|(?:is|are|will be) ignored", re.I)
_ICARUS_NAMED = re.compile(r"^([A-Za-z_][\w$.\[\]]*) (Unable to .*)$")
_QUOTED = re.compile(r"'([^']+)'|`([^']+)'")


def display_path(path: str, names: Mapping[str, str]) -> str:
    """The path the user gave for a file a tool reported as ``path``.

    Tools are given resolved absolute paths and may report them as given, resolved again, or
    (slang) joined with a directory; ``names`` maps each resolved path to the path the user typed.

    Args:
        path: the file name in a tool's message.
        names: resolved absolute path -> path as the user gave it.

    Returns:
        The user's path for that file, or ``path`` unchanged when it is none of them.
    """
    if path in names:
        return names[path]
    if os.path.isabs(path):
        real = os.path.realpath(path)
        if real in names:
            return names[real]
    for full, shown in names.items():
        if path.endswith("/" + shown) or full.endswith("/" + path):
            return shown
    return path


def compile_failure(output: str) -> tuple[str, str | None]:
    """Why an Icarus compile failed, with the place: (``does not compile: file.v:5: syntax error``, category).

    Args:
        output: iverilog's output.

    Returns:
        The reason line (at most 300 characters) and the category of the first error (None when no
        located error was found).
    """
    diags = parse_icarus(output)
    bad = [d for d in diags if d.severity == "error"] or [d for d in diags if d.rule == "sorry"]
    if bad:
        d = bad[0]
        where = f"{os.path.basename(d.file)}:{d.line}: " if d.line is not None else ""
        return f"does not compile: {where}{d.message}"[:300], d.category
    first = next((ln.strip() for ln in output.splitlines() if ln.strip()), "")
    return f"does not compile: {first}"[:300], None


def _message_category(table: Sequence[tuple[re.Pattern[str], str]], message: str) -> str:
    """The category of the first pattern of ``table`` found in ``message``, else ``other``."""
    return next((cat for pattern, cat in table if pattern.search(message)), "other")


def icarus_category(message: str) -> str:
    """Category of one Icarus message text (after ``error:``/``warning:``)."""
    return _message_category(_ICARUS_MESSAGES, message)


def parse_icarus(output: str, names: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Diagnostics from ``iverilog -g2012 -Wall`` compiler output.

    Args:
        output: stdout + stderr of iverilog.
        names: absolute path (as passed to iverilog) -> path to show the user.

    Returns:
        One Diagnostic per located message. ``sorry:`` messages become ``unsupported-by-simulator``
        errors, except the known harmless one ("... (all bits will be included)"), which is info.
    """
    names = names or {}
    diags: list[Diagnostic] = []
    pending_syntax: Diagnostic | None = None
    for raw in output.splitlines():
        m = _GCC_LOC.match(raw.strip())
        if not m:
            continue
        file, line, rest = m.group("file"), int(m.group("line")), m.group("rest").strip()
        if file.startswith(("***", " ")) or not rest:
            continue
        low = rest.lower()
        if low.startswith(":"):  # "file:1:      : q is declared here as wire."  (a note)
            continue
        severity: Severity = "error"
        rule = ""
        sorry = _SORRY.match(rest)
        if sorry:
            msg = rest[sorry.end() :].strip()
            benign = bool(_BENIGN_SORRY.search(msg))
            diags.append(
                Diagnostic(
                    file=display_path(file, names),
                    line=line,
                    severity="info" if benign else "warning",
                    category="unsupported-by-simulator",
                    message=f"Icarus does not support this: {msg}",
                    tool="iverilog",
                    rule="sorry",
                )
            )
            continue
        if low.startswith("warning:"):
            severity, msg = "warning", rest[8:].strip()
        elif low.startswith("error:"):
            msg = rest[6:].strip()
        elif low.startswith("syntax error"):
            msg, rule = "syntax error", "syntax"
        else:
            msg = rest
        named = _ICARUS_NAMED.match(msg)
        if named:  # "s.a Unable to member-select ..." -> "'s.a': unable to member-select ..."
            msg = f"'{named.group(1)}': {named.group(2)[0].lower()}{named.group(2)[1:]}"
        cat = icarus_category(msg)
        if cat == "syntax" and pending_syntax is not None and pending_syntax.line == line:
            continue  # "syntax error" followed by the detail on the same line
        d = Diagnostic(
            file=display_path(file, names),
            line=line,
            severity=severity,
            category=cat,
            message=msg,
            tool="iverilog",
            rule=rule,
        )
        if cat == "syntax":
            pending_syntax = d
        diags.append(d)
    return _drop_after_sorry(diags)


#: Icarus errors that follow a ``sorry:`` on the same line (the construct it could not take).
_AFTER_SORRY = re.compile(r"Unable to elaborate|requires an explicit cast", re.I)


def _drop_after_sorry(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop Icarus follow-on errors on a line where it already said it does not support the code."""
    sorry = {(d.file, d.line) for d in diags if d.rule == "sorry"}
    return [
        d
        for d in diags
        if d.rule == "sorry" or (d.file, d.line) not in sorry or not _AFTER_SORRY.search(d.message)
    ]


def drop_follow_on_files(diags: list[Diagnostic], order: list[str]) -> list[Diagnostic]:
    """Icarus reads all files with one parser: after a syntax error in one, what it says of later
    files is parser state, not their content. Keep only findings up to the first broken file.

    Args:
        diags: Icarus findings (files as given).
        order: the files in the order they were passed to Icarus.

    Returns:
        ``diags`` without findings in files after the first one with a syntax error.
    """
    rank = {f: i for i, f in enumerate(order)}
    broken = [
        rank[d.file] for d in diags if d.category == "syntax" and d.severity == "error" and d.file in rank
    ]
    if not broken:
        return diags
    first = min(broken)
    return [d for d in diags if rank.get(d.file, first) <= first]


def verilator_category(rule: str, message: str) -> str:
    """Category of one Verilator message from its rule code (or its text when there is none)."""
    if rule and rule in VERILATOR_RULES:
        return VERILATOR_RULES[rule]
    return _message_category(_VERILATOR_MESSAGES, message)


def parse_verilator(output: str, names: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Diagnostics from ``verilator --lint-only -Wall`` output.

    Args:
        output: stdout + stderr of Verilator.
        names: absolute path (as passed to Verilator) -> path to show the user.

    Returns:
        One Diagnostic per ``%Warning-RULE:``/``%Error:`` line that has a location; the
        ``Exiting due to ...`` summary and continuation lines are dropped.
    """
    names = names or {}
    diags: list[Diagnostic] = []
    for raw in output.splitlines():
        m = _VERILATOR_HEAD.match(raw)
        if not m or not m.group("file"):
            continue
        rule = m.group("rule") or ""
        msg = m.group("msg").strip()
        severity: Severity = "error" if m.group("sev") == "Error" else "warning"
        diags.append(
            Diagnostic(
                file=display_path(m.group("file"), names),
                line=int(m.group("line")),
                column=int(m.group("col")) if m.group("col") else None,
                severity=severity,
                category=verilator_category(rule, msg),
                message=msg,
                tool="verilator",
                rule=rule,
            )
        )
    return diags


def slang_category(code_name: str, *, parse_error: bool = False) -> str:
    """Category of a slang diagnostic from its code name (e.g. ``"WidthTruncate"``)."""
    if parse_error:
        return "syntax"
    return SLANG_CODES.get(code_name, "other")


# --------------------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------------------


def _names_in(message: str) -> set[str]:
    """Identifiers quoted in a message, without hierarchy (``'top.l'`` -> ``l``)."""
    out: set[str] = set()
    for a, b in _QUOTED.findall(message):
        name = (a or b).strip()
        if name:
            out.add(re.sub(r"\[[^\]]*\]", "", name.rsplit(".", 1)[-1]))
    return out


def _same_signal(a: str, b: str) -> bool:
    """Whether two messages quote the same signal (``'top.s[1]'`` and ``'s.a'`` both name ``s``)."""
    na, nb = _names_in(a), _names_in(b)
    return bool(na & nb or na & _parts_in(b) or _parts_in(a) & nb)


def _parts_in(message: str) -> set[str]:
    """Every component of the names quoted in a message (``'top.s[1]'`` -> top, s; ``'s.a'`` -> s, a)."""
    return {
        re.sub(r"\[[^\]]*\]", "", p)
        for a, b in _QUOTED.findall(message)
        for p in (a or b).strip().split(".")
        if p
    }


def _rank(d: Diagnostic) -> tuple[int, int]:
    order = _PREFERRED.get(d.category, TOOL_ORDER)
    tool_rank = order.index(d.tool) if d.tool in order else len(order)
    sev_rank = {"error": 0, "warning": 1, "info": 2}[d.severity]
    return (tool_rank, sev_rank)


def merge_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Merge findings several tools report for one place into one Diagnostic.

    Two diagnostics of different tools merge when they have the same file and category and either
    the same line or (for signal-level categories) a quoted signal name in common. The preferred
    tool's line and message win (see ``_PREFERRED``); the others go to ``also_reported_by``; the
    merged severity is the most severe one. Syntax errors: when slang reports one in a file, the
    other tools' syntax errors in that file are folded into it (they point at the next token), and
    their follow-on errors in the same file are dropped.

    Args:
        diags: diagnostics from any tools.

    Returns:
        Merged diagnostics sorted by file, line, column.
    """
    items = _prefer_specific(list(diags))
    slang_syntax_files = {
        d.file for d in items if d.tool == "slang" and d.category == "syntax" and d.severity == "error"
    }
    groups: list[list[Diagnostic]] = []
    for d in sorted(items, key=_rank):
        if d.file in slang_syntax_files and d.tool != "slang" and d.severity == "error":
            target = next((g for g in groups if g[0].file == d.file and g[0].category == "syntax"), None)
            if target is not None and d.category == "syntax":
                target.append(d)
            continue  # follow-on errors of a file that does not parse
        placed = False
        for g in groups:
            head = g[0]
            if head.file != d.file or head.category != d.category:
                continue
            if any(x.tool == d.tool for x in g):
                continue  # two findings of one tool are two findings
            named = bool(_names_in(d.message)) and bool(_names_in(head.message))
            common = _same_signal(d.message, head.message)
            same_line = head.line == d.line and (common or not named)
            shared = d.category in _SIGNAL_LEVEL and common
            if same_line or shared:
                g.append(d)
                placed = True
                break
        if not placed:
            groups.append([d])
    merged: list[Diagnostic] = []
    for g in groups:
        best = g[0]
        severity = min((x.severity for x in g), key=lambda s: {"error": 0, "warning": 1, "info": 2}[s])
        others = sorted({x.tool for x in g[1:] if x.tool != best.tool})
        merged.append(best.model_copy(update={"severity": severity, "also_reported_by": others}))
    # on one line, a specific category comes before ``other``, then by column
    merged.sort(key=lambda x: (x.file, x.line or 0, x.category == "other", x.column or 0, x.category))
    return _dedupe_same_tool(merged)


#: (general, specific): when one tool says ``general`` and another ``specific`` for the same line,
#: the finding is the specific one (slang calls an input written in an always block "a net").
#: ``other`` gives way to any specific category (see ``_prefer_specific``).
_SPECIFIC: tuple[tuple[str, str], ...] = (
    ("procedural-assign-to-wire", "assign-to-input"),
    ("port-mismatch", "width-mismatch"),
)

#: Which specific category an ``other`` finding takes when several are reported on its line.
_SPECIFIC_ORDER: tuple[str, ...] = tuple(
    c for c in CATEGORIES if c not in ("other", "unsupported-by-simulator")
)


def _prefer_specific(items: list[Diagnostic]) -> list[Diagnostic]:
    """Relabel general findings when another tool names a specific category for the same place.

    An ``other`` finding takes the specific category another tool reports on its line; a pair in
    ``_SPECIFIC`` gives way to its specific side; Verilator's ``BLKANDNBLK`` on a signal another tool
    reports as multiply driven is that multiple-drivers finding (a variable written both by an
    ``assign`` and in an ``always`` block).
    """
    at: dict[tuple[str, int | None], dict[str, set[str]]] = {}
    driven: dict[str, dict[str, set[str]]] = {}
    for d in items:
        at.setdefault((d.file, d.line), {}).setdefault(d.category, set()).add(d.tool)
        if d.category == "multiple-drivers":
            for name in _parts_in(d.message):
                driven.setdefault(d.file, {}).setdefault(name, set()).add(d.tool)
    out = []
    for d in items:
        cats = at[(d.file, d.line)]
        if d.category == "other":
            specific = [c for c in _SPECIFIC_ORDER if c in cats and cats[c] - {d.tool}]
            if specific:
                d = d.model_copy(update={"category": specific[0]})
        else:
            for general, spec in _SPECIFIC:
                if d.category == general and spec in cats and d.severity == "error":
                    d = d.model_copy(update={"category": spec})
                    break
        if d.rule == "BLKANDNBLK":
            names = driven.get(d.file, {})
            if any(names.get(n, set()) - {d.tool} for n in _parts_in(d.message)):
                d = d.model_copy(update={"category": "multiple-drivers"})
        out.append(d)
    return out


_SIGNAL_LEVEL = {
    "latch-inferred",
    "multiple-drivers",
    "blocking-in-sequential",
    "missing-sensitivity",
    "assign-to-input",
    "procedural-assign-to-wire",
    "undeclared-identifier",
    "unknown-module",
}


def _dedupe_same_tool(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop exact repeats (a tool reporting one message twice, e.g. per instance)."""
    seen: set[tuple[str, int | None, str, str]] = set()
    out: list[Diagnostic] = []
    for d in diags:
        key = (d.file, d.line, d.category, d.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out


def reclassify_icarus_limits(diags: Iterable[Diagnostic], parsed_by_slang: Iterable[str]) -> list[Diagnostic]:
    """Icarus errors on code slang accepts are Icarus limits, not design bugs.

    Icarus 11 rejects some valid SystemVerilog with ``syntax error`` (e.g. ``assert property``)
    instead of ``sorry:``, and fails to elaborate some (e.g. "This assignment requires an explicit
    cast" on a legal enum ternary). When slang parsed the same file without a syntax error, those
    Icarus syntax errors (and the Icarus errors on the same lines) become ``unsupported-by-simulator``
    warnings (unless Verilator also finds a syntax error in the file);
    when slang elaborated the whole design without any error, so do Icarus errors that no category
    explains (``other``) on lines where no other tool reports anything.

    Args:
        diags: diagnostics of all tools, before merging.
        parsed_by_slang: files slang ran on.

    Returns:
        The diagnostics, Icarus ones reclassified where that applies.
    """
    items = list(diags)
    slang_files = set(parsed_by_slang)
    slang_syntax = {d.file for d in items if d.tool == "slang" and d.category == "syntax"}
    slang_clean = bool(slang_files) and not any(d.tool == "slang" and d.severity == "error" for d in items)
    others_lines = {(d.file, d.line) for d in items if d.tool != "iverilog" and d.severity != "info"}
    verilator_syntax = {
        d.file for d in items if d.tool == "verilator" and d.category == "syntax" and d.severity == "error"
    }
    limit_lines = {
        (d.file, d.line)
        for d in items
        if d.tool == "iverilog"
        and d.category == "syntax"
        and d.file in slang_files
        and d.file not in slang_syntax | verilator_syntax
    }
    out: list[Diagnostic] = []
    done: set[tuple[str, int | None]] = set()
    for d in items:
        key = (d.file, d.line)
        if d.tool == "iverilog" and key in limit_lines and d.severity == "error":
            if key in done:
                continue
            done.add(key)
            details = [
                x.message
                for x in items
                if x.tool == "iverilog" and (x.file, x.line) == key and x.message != "syntax error"
            ]
            msg = "Icarus cannot parse this (slang can): " + (details[0] if details else "syntax error")
            d = d.model_copy(
                update={
                    "category": "unsupported-by-simulator",
                    "message": msg,
                    "rule": "syntax",
                    "severity": "warning",
                }
            )
        elif (
            d.tool == "iverilog"
            and d.category == "other"
            and d.severity == "error"
            and slang_clean
            and d.line is not None
            and d.file in slang_files
            and key not in others_lines
        ):
            d = d.model_copy(
                update={
                    "category": "unsupported-by-simulator",
                    "rule": "elaboration",
                    "severity": "warning",
                    "message": f"Icarus cannot elaborate this (slang can): {d.message}",
                }
            )
        out.append(d)
    return out
