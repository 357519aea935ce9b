"""Mechanical repairs: edits whose fix is unambiguous, applied without a model call.

Each function returns the edited text, or None when the fix does not apply cleanly. The loop
re-checks after applying them and records each one in the trace (``repair`` kind ``mechanical``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from veriagent.hdl.diagnostics import Diagnostic
from veriagent.hdl.text import MODULE_HEAD_RE, module_names, strip_comments

_DIR_KW = r"(?:input|output|inout)"
_NAME_LIST = rf"\w+(?:\s*,\s*(?!{_DIR_KW}\b)\w+)*"
"""Names in one port declaration (stops before the next direction keyword)."""
_PORT_DECL = re.compile(
    rf"\b({_DIR_KW})\b(?:\s+(wire|reg|logic))?(?:\s+signed)?(?:\s*\[[^\]]*\])?\s*({_NAME_LIST})"
)
"""One port declaration: direction, kind (if given), the names."""
_BLOCK_PAIRS = (
    (r"\bbegin\b", r"\bend\b"),
    (r"\bcase[zx]?\b", r"\bendcase\b"),
    (r"\bfunction\b", r"\bendfunction\b"),
    (r"\btask\b", r"\bendtask\b"),
    (r"\bgenerate\b", r"\bendgenerate\b"),
    (r"\bfork\b", r"\bjoin(?:_any|_none)?\b"),
)


def close_truncated(source: str) -> str | None:
    """Append the missing ``endmodule`` when the cut-off module is otherwise complete.

    Complete means: every begin/case/function/... is closed and the text ends with a finished
    statement (``;`` or an ``end...`` keyword). Anything else is ambiguous and returns None.
    """
    bare = strip_comments(source).rstrip()
    if not bare or re.search(r"\bendmodule\s*$", bare):
        return None
    for opener, closer in _BLOCK_PAIRS:
        if len(re.findall(opener, bare)) != len(re.findall(closer, bare)):
            return None
    if not re.search(r"(;|\bend\w*)$", bare):
        return None
    return source.rstrip() + "\nendmodule\n"


def rename_module(source: str, old: str, new: str) -> str | None:
    """Rename the only module of ``source`` from ``old`` to ``new`` (None if several modules)."""
    names = module_names(source)
    if names != [old] or old == new:
        return None
    return re.sub(rf"\bmodule\s+{re.escape(old)}\b", f"module {new}", source, count=1)


_HEADER_BEGIN_RE = re.compile(
    r"(\bmodule\s+\w+\s*(?:#\s*\((?:[^()]|\([^()]*\))*\)\s*)?\((?:[^()]|\([^()]*\))*\))\s*begin\b",
    re.S,
)


def fix_header_begin(source: str) -> str | None:
    """A module header closed with ``) begin`` instead of ``);``: end it with ``;`` and drop the
    extra ``end`` before ``endmodule`` that the stray ``begin`` was paired with (None if absent)."""
    if not _HEADER_BEGIN_RE.search(source):
        return None
    fixed = _HEADER_BEGIN_RE.sub(lambda m: m.group(1) + ";", source)
    bare = strip_comments(fixed)
    if len(re.findall(r"\bend\b", bare)) > len(re.findall(r"\bbegin\b", bare)):
        tails = list(re.finditer(r"\bend\b(\s*)(?=endmodule\b)", fixed))
        if not tails:
            return None
        last = tails[-1]
        fixed = fixed[: last.start()] + fixed[last.end() :]
    return fixed


def _module_span(source: str, line: int | None) -> tuple[int, int]:
    """Character span of the module containing ``line`` (the whole text when unknown)."""
    if line is None:
        return 0, len(source)
    offset = sum(len(x) + 1 for x in source.split("\n")[: max(line - 1, 0)])
    bare = strip_comments(source)
    starts = [m.start() for m in MODULE_HEAD_RE.finditer(bare)]
    begin = max((s for s in starts if s <= offset), default=0)
    end_m = re.search(r"\bendmodule\b", bare[begin:])
    return begin, begin + end_m.end() if end_m else len(source)


def _find_port_decl(bare: str, signal: str) -> re.Match[str] | None:
    """The port declaration naming ``signal`` in comment-free ``bare`` (groups: direction, kind, names)."""
    return next((m for m in _PORT_DECL.finditer(bare) if signal in re.split(r"\s*,\s*", m.group(3))), None)


def declared_kind(source: str, signal: str) -> str | None:
    """How ``signal`` is declared: 'wire', 'reg', 'logic', or 'implicit' (a bare port); None if not found."""
    bare = strip_comments(source)
    port = _find_port_decl(bare, signal)
    if port is not None and port.group(2):
        return port.group(2)
    body = re.search(
        rf"\b(wire|reg|logic)\s+(?:signed\s+)?(?:\[[^\]]*\]\s*)?(?:\w+\s*,\s*)*{re.escape(signal)}\b", bare
    )
    if body is not None:
        return body.group(1)
    return "implicit" if port is not None else None


def fix_procedural_wire(source: str, signal: str, line: int | None = None) -> str | None:
    """Make ``signal`` a variable (``reg``) where it is declared as a net, because an always block drives it.

    Handles ANSI ports (``output [3:0] y`` / ``output wire y``), non-ANSI ports (``output y;``) and
    internal nets (``wire [3:0] y;``). None when the declaration cannot be found, or the net is
    also given a value in its declaration (``wire y = ...``), which would make two drivers.
    """
    begin, end = _module_span(source, line)
    body = source[begin:end]
    bare = strip_comments(body)
    sig = re.escape(signal)
    # 1. internal net:  wire [3:0] a, y;   (not `wire y = ...`)
    m = re.search(rf"\bwire(\s+(?:signed\s+)?(?:\[[^\]]*\]\s*)?(?:\w+\s*,\s*)*{sig}\b)(\s*[,;])", bare)
    if m and not re.search(rf"\bwire\s[^;]*\b{sig}\s*=", bare):
        new = body[: m.start()] + "reg" + body[m.start() + 4 :]
        return source[:begin] + new + source[end:]
    # 2. port declaration: output [wire] [signed] [range] a, y   (ANSI or non-ANSI)
    for pm in re.finditer(
        rf"\b(output|inout)(\s+wire)?(\s+(?:signed\s+)?(?:\[[^\]]*\]\s*)?)({_NAME_LIST})", bare
    ):
        if signal not in re.split(r"\s*,\s*", pm.group(4)):
            continue
        if pm.group(1) == "inout":
            return None
        if pm.group(2):
            new = body[: pm.start(2)] + " reg" + body[pm.end(2) :]
        else:
            new = body[: pm.end(1)] + " reg" + body[pm.end(1) :]
        return source[:begin] + new + source[end:]
    return None


def fix_port_redeclared(source: str, signal: str, line: int | None = None) -> str | None:
    """Drop a body declaration (``reg [7:0] q;``) of an output port already declared in an ANSI header.

    ``output [7:0] q`` in the header plus ``reg [7:0] q;`` in the body is a redeclaration error in
    Verilog-2001 ANSI style; the intent is one variable: the body line goes (with any initializer)
    and the port becomes ``output reg`` when the body said ``reg``/``logic``. None when the port is
    not an output of the header or the body declaration is not a single-name statement.
    """
    begin, end = _module_span(source, line)
    body = source[begin:end]
    bare = strip_comments(body)
    sig = re.escape(signal)
    head = re.search(r"\)\s*;", bare)
    if head is None:
        return None
    port = _find_port_decl(bare[: head.start()], signal)
    if port is None or port.group(1) != "output":
        return None
    decl = re.compile(
        rf"^[ \t]*(reg|wire|logic)\b(?:\s+signed)?(?:\s*\[[^\]]*\])?\s*{sig}\s*(?:=[^;]*)?;[ \t]*\n?", re.M
    )
    m = decl.search(bare, head.end())
    if m is None:
        return None
    fixed = source[:begin] + body[: m.start()] + body[m.end() :] + source[end:]
    if m.group(1) != "wire" and declared_kind(fixed, signal) not in ("reg", "logic"):
        return fix_procedural_wire(fixed, signal, line)
    return fixed


def fix_sensitivity(source: str, line: int | None) -> str | None:
    """Replace an incomplete ``always @(a or b)`` (no edges) at or above ``line`` with ``always @(*)``."""
    lines = source.split("\n")
    start = (line or len(lines)) - 1
    for i in range(min(start, len(lines) - 1), max(start - 30, -1), -1):
        m = re.search(r"\balways\s*@\s*\(([^)*]*)\)", lines[i])
        if m:
            if re.search(r"\b(pos|neg)edge\b", m.group(1)):
                return None
            lines[i] = lines[i][: m.start()] + "always @(*)" + lines[i][m.end() :]
            return "\n".join(lines)
    return None


_KEYWORDS = {
    "if",
    "else",
    "assign",
    "always",
    "begin",
    "end",
    "case",
    "for",
    "while",
    "wire",
    "reg",
    "logic",
    "input",
    "output",
    "module",
    "posedge",
    "negedge",
    "or",
    "and",
    "not",
}
_REDECLARED_RE = re.compile(r"already been declared|Duplicate declaration|redefinition of", re.I)
"""Icarus, Verilator and slang saying a name is declared twice."""
_SIGNAL_PATTERNS = (
    re.compile(r"^\s*'?(\w+)'? is not a valid l-value"),
    re.compile(r"Procedural assignment to wire[^']*'(\w+)'"),
    re.compile(r"cannot assign to (?:a )?net '?(\w+)'?", re.IGNORECASE),
    re.compile(r"'(\w+)'"),
    re.compile(r"`(\w+)`"),
)


def signal_of(diag: Diagnostic, source: str) -> str | None:
    """The signal a diagnostic is about: from its message, else the left-hand side on its line."""
    for pat in _SIGNAL_PATTERNS:
        m = pat.search(diag.message)
        if m and re.search(rf"\b{re.escape(m.group(1))}\b", source):
            return m.group(1)
    lines = source.split("\n")
    if diag.line and 0 < diag.line <= len(lines):
        text = lines[diag.line - 1]
        if diag.column:
            at = re.match(r"[A-Za-z_]\w*", text[diag.column - 1 :])
            if at and at.group(0) not in _KEYWORDS:
                return at.group(0)
        for m in re.finditer(r"\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*<?=(?!=)", text):
            if m.group(1) not in _KEYWORDS:
                return m.group(1)
    return None


def mechanical_fixes(source: str, diagnostics: Sequence[Diagnostic]) -> tuple[str, list[str]]:
    """Apply every unambiguous fix the diagnostics call for.

    Args:
        source: the design.
        diagnostics: errors/warnings from the checker.

    Returns:
        The edited source and one description per fix applied (empty when none applied).
    """
    done: list[str] = []
    seen: set[tuple[str, str]] = set()
    for d in diagnostics:
        step = _fix_for(d, source)
        if step is None or step[0] in seen:
            continue
        key, fix, description = step
        seen.add(key)
        fixed = fix(source)
        if fixed and fixed != source:
            source = fixed
            done.append(description)
    return source, done


def _fix_for(d: Diagnostic, source: str) -> tuple[tuple[str, str], Callable[[str], str | None], str] | None:
    """The mechanical fix ``d`` calls for: (a key so each applies once, the edit, what it did), or None."""
    if d.category == "procedural-assign-to-wire":
        wire = signal_of(d, source)
        return (
            None
            if not wire
            else (
                ("wire", wire),
                lambda s: fix_procedural_wire(s, wire, d.line),
                f"`{wire}` is assigned in an always block but was a wire: declared it reg",
            )
        )
    if d.category == "syntax":
        return (
            ("header", ""),
            fix_header_begin,
            "the module header ended with `) begin`: ended it with `);` (a module body has no begin/end)",
        )
    if _REDECLARED_RE.search(d.message):
        port = signal_of(d, source)
        return (
            None
            if not port
            else (
                ("redecl", port),
                lambda s: fix_port_redeclared(s, port, d.line),
                f"output `{port}` was declared again in the module body: removed the second declaration "
                "(the port is `output reg` when the body declared a reg)",
            )
        )
    if d.category == "missing-sensitivity":
        return (
            ("sens", str(d.line)),
            lambda s: fix_sensitivity(s, d.line),
            f"incomplete sensitivity list near line {d.line}: replaced with always @(*)",
        )
    return None


def fix_test_api(code: str) -> tuple[str, list[str]]:
    """Rewrite cocotb 1.x idioms in a test file to their cocotb 2.x form.

    Returns:
        The edited test and one description per kind of rewrite applied.
    """
    done: list[str] = []
    rules = (
        (r"\bunits\s*=", "unit=", "units= -> unit="),
        (r"\bcocotb\.fork\(", "cocotb.start_soon(", "cocotb.fork -> cocotb.start_soon"),
        (r"\bTimer\(\s*0\s*([,)])", r"Timer(1\1", "Timer(0) -> Timer(1)"),
        (r"^(\s*)(dut(?:\.\w+)+)\s*<=\s*(.+?)\s*$", r"\1\2.value = \3", "dut.x <= v -> dut.x.value = v"),
    )
    for pat, rep, what in rules:
        new = re.sub(pat, rep, code, flags=re.MULTILINE)
        if new != code:
            done.append(f"test: {what}")
            code = new
    return code, done


def comb_to_always_comb(source: str) -> str | None:
    """Rewrite ``always @(*)`` / ``always @*`` as ``always_comb`` (None when there is none).

    In simulation ``always @(*)`` first runs when something it reads changes, so an output that
    only copies a register initialised at time 0 stays X; ``always_comb`` also runs at time 0.
    Same hardware, so the rewrite is safe when the tests show an X output.
    """
    new = re.sub(r"\balways\s*@\s*(?:\(\s*\*\s*\)|\*)", "always_comb", source)
    return new if new != source else None
