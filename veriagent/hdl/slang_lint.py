"""slang (pyslang) in process: parse, elaborate, analyse, and turn its findings into Diagnostics.

slang gives structured diagnostics (code, location, formatted message) in well under a millisecond
per small design. On top of slang's own warnings this module adds two checks slang does not make for
plain Verilog ``always`` blocks, computed from slang's data-flow analysis (``AnalysisManager``):

* ``missing-sensitivity``: an ``always @(a or b)`` block reads a signal its list does not name;
* ``multiple-drivers``: a variable written by more than one ``always`` block (or by an ``always``
  block and an ``assign``) with overlapping bits;
* ``latch-inferred`` for plain combinational ``always @*`` / ``always @(a or b)`` blocks: slang's
  latch analysis runs only on ``always_comb``, so the design is compiled a second time with those
  blocks written as ``always_comb`` (same lines) and slang's ``InferredLatch`` findings in them are
  kept. Every latch is reported at its block's ``always`` line, as Verilator does.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput, ToolMissing
from veriagent.hdl.diagnostics import (
    SLANG_EXTRA_WARNINGS,
    SLANG_SILENCED,
    Category,
    Diagnostic,
    Severity,
    slang_category,
)
from veriagent.hdl.text import strip_comments

log = logging.getLogger(__name__)

_CODE_NAME = re.compile(r"DiagCode\((\w+)\)")
_EDGE = re.compile(rb"\b(?:posedge|negedge|edge)\b")
#: A block body with its own timing (delays, waits, event controls) cannot become always_comb.
_TIMING = re.compile(rb"[@#]|\bwait\b|\bfork\b")


@dataclass(frozen=True)
class _Block:
    """A combinational procedural block: where it is, and how to rewrite it as ``always_comb``."""

    file: str
    start: int  # byte offset of the ``always``/``always_comb`` keyword
    end: int  # byte offset just past the block
    line: int
    end_line: int
    column: int
    stmt: int  # byte offset of the statement after ``always @(...)``; -1 for always_comb


@dataclass(frozen=True)
class SlangSource:
    """One source text and the name to report it under."""

    name: str
    text: str


@dataclass
class SlangResult:
    """What slang found: diagnostics plus the module definitions it saw."""

    diagnostics: list[Diagnostic]
    modules: list[str]
    version: str


def _import() -> Any:
    try:
        import pyslang
    except ImportError as exc:  # pragma: no cover - pyslang is a hard dependency
        raise ToolMissing("pyslang is not installed: run `pip install pyslang`") from exc
    return pyslang


@functools.cache
def slang_version() -> str:
    """Version of the installed pyslang."""
    from importlib.metadata import version

    return version("pyslang")


def parse_untrusted(text: str, filename: str = "design.sv") -> Any:
    """A slang SyntaxTree of untrusted text with `` `include `` disabled.

    In-process parsing must not open files a design names (``/dev/zero`` hangs the parser,
    ``/etc/shadow`` would be read with veriagent's rights); the sandboxed compilers see includes.
    """
    ps = _import()
    from pyslang import syntax

    opts = ps.parsing.PreprocessorOptions() if hasattr(ps, "parsing") else ps.PreprocessorOptions()
    opts.maxIncludeDepth = 0
    return guarded_parse(
        lambda t: syntax.SyntaxTree.fromText(t, ps.SourceManager(), filename, "", ps.Bag([opts])),
        text,
        filename,
    )


def guarded_parse(parse: Callable[[str], Any], text: str, filename: str) -> Any:
    """``parse(text)``; slang's bare RuntimeError on deep nesting becomes a one-line BadInput.

    Raises:
        BadInput: "<file>: nesting too deep for the parser (line N)", N the first line whose
            prefix of the file already overflows the parser.
    """
    try:
        return parse(text)
    except RuntimeError:
        pass
    from pyslang import syntax

    lines = text.splitlines(keepends=True)
    lo, hi = 1, len(lines)  # the smallest prefix (in lines) that overflows is in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        try:  # a fresh source manager: one that saw the file already would not re-read it
            syntax.SyntaxTree.fromText("".join(lines[:mid]))
            lo = mid + 1
        except RuntimeError:
            hi = mid
    raise BadInput(f"{filename}: nesting too deep for the parser (line {lo})")


def _code_name(code: Any) -> str:
    m = _CODE_NAME.search(repr(code))
    return m.group(1) if m else repr(code)


_INCLUDE = re.compile(r'`include\s+"([^"]*)"')


def _outside_includes(sources: Sequence[SlangSource]) -> bool:
    """Whether a source includes an absolute path or one that climbs out (``..``) of its directory."""
    return any(
        os.path.isabs(m) or ".." in Path(m).parts for src in sources for m in _INCLUDE.findall(src.text)
    )


def _new_compilation(
    ps: Any,
    ast: Any,
    top: str | None,
    include_dirs: Sequence[str] = (),
    defines: Mapping[str, str | None] | None = None,
    includes: bool = True,
) -> tuple[Any, Any, Any]:
    """A slang SourceManager, options Bag and Compilation (1ns/1ps default timescale, given top).

    ``include_dirs`` and ``defines`` are the user's ``-I`` / ``-D``. With ``includes`` False no
    `` `include `` is opened in this process (the jailed compilers report on those): a design must
    not make veriagent read ``/dev/zero`` or ``/etc/shadow``.
    """
    sm = ps.SourceManager()
    if hasattr(sm, "setDisableProximatePaths"):
        sm.setDisableProximatePaths(True)  # report names exactly as given, not relative to the cwd
    opts = ast.CompilationOptions()
    opts.defaultTimeScale = ps.TimeScale.fromString("1ns/1ps")
    if top:
        opts.topModules = {top}
    popts = ps.parsing.PreprocessorOptions()
    popts.additionalIncludePaths = list(include_dirs)
    popts.predefines = [k if v is None else f"{k}={v}" for k, v in (defines or {}).items()]
    if not includes:
        popts.maxIncludeDepth = 0
    bag = ps.Bag([opts, popts])
    return sm, bag, ast.Compilation(bag)


def run_slang(
    sources: Sequence[SlangSource],
    top: str | None = None,
    *,
    include_dirs: Sequence[str] = (),
    defines: Mapping[str, str | None] | None = None,
) -> SlangResult:
    """Parse and elaborate ``sources`` with slang and return its diagnostics.

    Args:
        sources: the design's files (already read and decoded).
        top: top module name; None lets slang pick the uninstantiated modules.
        include_dirs: extra ```include`` directories.
        defines: predefined macros (name -> value or None).

    Returns:
        A :class:`SlangResult` with one Diagnostic per slang finding (errors and enabled warnings;
        notes dropped) plus the ``missing-sensitivity`` / ``multiple-drivers`` checks.

    Raises:
        ToolMissing: pyslang cannot be imported.
    """
    ps = _import()
    from pyslang import analysis, ast, syntax

    sm, bag, comp = _new_compilation(
        ps, ast, top, include_dirs, defines, includes=not _outside_includes(sources)
    )
    trees = []
    for src in sources:
        tree = _tree(syntax, src, sm, bag)
        trees.append(tree)
        comp.addSyntaxTree(tree)
    blocks = [b for tree in trees for b in _comb_blocks(tree, sm, syntax)]

    engine = ps.DiagnosticEngine(sm)
    for name in SLANG_EXTRA_WARNINGS:
        engine.setSeverity(getattr(ps.Diags, name), ps.DiagnosticSeverity.Warning)
    for name in SLANG_SILENCED:
        engine.setSeverity(getattr(ps.Diags, name), ps.DiagnosticSeverity.Ignored)

    parse_diags = list(comp.getParseDiagnostics())
    parse_keys = {
        (_code_name(d.code), sm.getLineNumber(d.location), sm.getColumnNumber(d.location))
        for d in parse_diags
    }
    all_diags = list(comp.getAllDiagnostics())
    modules = [
        d.name for d in comp.getDefinitions() if str(getattr(d, "definitionKind", "")).endswith("Module")
    ]

    extra: list[Diagnostic] = []
    # flow analysis only on a design that parses and elaborates (not on error-recovery trees)
    if not comp.hasIssuedErrors and not any(d.isError() for d in parse_diags) and modules:
        comp.freeze()
        manager = analysis.AnalysisManager()
        manager.analyze(comp)
        all_diags += list(manager.getDiagnostics())
        extra = _flow_checks(comp, manager, sm)
        extra += _plain_always_latches(sources, blocks, top, include_dirs, defines)

    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    for d in all_diags:
        sev = engine.getSeverity(d.code, d.location)
        sev_name = str(sev).rsplit(".", 1)[-1]
        if sev_name in ("Ignored", "Note"):
            continue
        name = _code_name(d.code)
        if name == "ExceededMaxIncludeDepth":
            continue  # an include slang was not allowed to open: Icarus and Verilator judge it
        line = sm.getLineNumber(d.location)
        col = sm.getColumnNumber(d.location)
        is_parse = (name, line, col) in parse_keys
        file = sm.getFileName(d.location) or (sources[0].name if sources else "design.sv")
        message = engine.formatMessage(d)
        if name == "InferredLatch":  # at the always_comb line, like Verilator's LATCH
            block = _enclosing(blocks, file, line)
            if block is not None:
                line, col = block.line, block.column
        if (name, line, col, message) in seen:
            continue
        seen.add((name, line, col, message))
        severity: Severity = "warning" if sev_name == "Warning" else "error"
        out.append(
            Diagnostic(
                file=file,
                line=line or None,
                column=col or None,
                severity=severity,
                category=slang_category(name, parse_error=is_parse),
                message=message,
                tool="slang",
                rule=engine.getOptionName(d.code) or name,
            )
        )
    out.extend(extra)
    given = {os.path.abspath(src.name): src.name for src in sources}
    out = [d.model_copy(update={"file": given[d.file]}) if d.file in given else d for d in out]
    return SlangResult(out, modules, slang_version())


def _tree(syntax: Any, src: SlangSource, sm: Any, bag: Any) -> Any:
    """Parse one source so that slang names it by its absolute path (includes resolve next to it).

    Given a relative ``name`` and ``path``, slang joins the directory twice (``d/d/x.v``); given the
    base name and the absolute path it reports the absolute path, which ``run_slang`` maps back.
    """
    path = os.path.abspath(src.name)
    return guarded_parse(
        lambda t: syntax.SyntaxTree.fromText(t, sm, os.path.basename(path), path, bag), src.text, src.name
    )


def _comb_blocks(tree: Any, sm: Any, syntax: Any) -> list[_Block]:
    """The ``always_comb`` blocks and plain combinational ``always @...`` blocks of one syntax tree."""
    out: list[_Block] = []
    kinds = (syntax.SyntaxKind.AlwaysCombBlock, syntax.SyntaxKind.AlwaysBlock)
    events = {
        syntax.SyntaxKind.ImplicitEventControl,
        syntax.SyntaxKind.EventControl,
        syntax.SyntaxKind.EventControlWithExpression,
    }

    def visit(node: Any) -> None:
        loc = node.keyword.location
        if not sm.isFileLoc(loc):
            return  # from a macro expansion: no source text to rewrite
        file = sm.getFileName(loc)
        end = node.sourceRange.end
        stmt = -1
        if node.kind == syntax.SyntaxKind.AlwaysBlock:
            body = node.statement
            if body.kind != syntax.SyntaxKind.TimingControlStatement or body.timingControl.kind not in events:
                return
            if _EDGE.search(str(body.timingControl).encode()):
                return  # clocked
            if _TIMING.search(strip_comments(str(body.statement)).encode()):
                return
            stmt = body.statement.sourceRange.start.offset
        out.append(
            _Block(
                file=file,
                start=loc.offset,
                end=end.offset,
                line=sm.getLineNumber(loc),
                end_line=sm.getLineNumber(end),
                column=sm.getColumnNumber(loc),
                stmt=stmt,
            )
        )

    # only the two block kinds cross into Python (the C++ side walks the rest of the tree)
    tree.root.visit(lookup_table={kind: visit for kind in kinds})
    return out


def _enclosing(blocks: Sequence[_Block], file: str, line: int) -> _Block | None:
    """The innermost block of ``file`` that spans ``line``."""
    inside = [b for b in blocks if b.file == file and b.line <= line <= b.end_line]
    return max(inside, key=lambda b: b.start) if inside else None


def _plain_always_latches(
    sources: Sequence[SlangSource],
    blocks: Sequence[_Block],
    top: str | None,
    include_dirs: Sequence[str],
    defines: Mapping[str, str | None] | None,
) -> list[Diagnostic]:
    """Latches in plain combinational ``always`` blocks: slang's always_comb analysis on a rewrite."""
    plain = [b for b in blocks if b.stmt >= 0]
    if not plain:
        return []
    ps = _import()
    from pyslang import analysis, ast, syntax

    texts: list[SlangSource] = []
    for src in sources:
        data = src.text.encode("utf-8")
        path = os.path.abspath(src.name)
        for b in sorted((b for b in plain if b.file == path), key=lambda b: -b.start):
            head = data[b.start : b.stmt]
            # `always @(a or b)` -> `always_comb`, keeping every line where it was
            data = data[: b.start] + b"always_comb" + b"\n" * head.count(b"\n") + b" " + data[b.stmt :]
        texts.append(SlangSource(src.name, data.decode("utf-8")))
    sm, bag, comp = _new_compilation(
        ps, ast, top, include_dirs, defines, includes=not _outside_includes(sources)
    )
    for src in texts:
        comp.addSyntaxTree(_tree(syntax, src, sm, bag))
    if comp.hasIssuedErrors or any(d.isError() for d in comp.getAllDiagnostics()):
        log.debug("always_comb rewrite does not elaborate; latch check of plain always blocks skipped")
        return []
    comp.freeze()
    manager = analysis.AnalysisManager()
    manager.analyze(comp)
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, str]] = set()
    for d in manager.getDiagnostics():
        if _code_name(d.code) != "InferredLatch":
            continue
        file = sm.getFileName(d.location)
        block = _enclosing(plain, file, sm.getLineNumber(d.location))
        if block is None:
            continue  # a real always_comb: reported by the first compilation
        name = str(d.args[0]) if list(d.args) else "?"
        if (file, block.line, name) in seen:
            continue
        seen.add((file, block.line, name))
        out.append(
            Diagnostic(
                file=file,
                line=block.line,
                column=block.column,
                severity="warning",
                category="latch-inferred",
                message=f"latch inferred for '{name}': not assigned on every path of this combinational "
                f"always block",
                tool="slang",
                rule="inferred-latch",
            )
        )
    return out


def _flow_checks(comp: Any, manager: Any, sm: Any) -> list[Diagnostic]:
    """missing-sensitivity and multiple-drivers for plain ``always`` blocks (slang skips them)."""
    from pyslang import analysis, ast

    out: list[Diagnostic] = []
    seen_bodies: set[int] = set()

    def visit(inst: Any) -> None:
        body = inst.body
        if id(body) in seen_bodies:
            return
        seen_bodies.add(id(body))
        scope = manager.getAnalyzedScope(body)
        if scope is None:
            return
        drivers: dict[str, list[tuple[Any, Any]]] = {}
        for proc in scope.procedures:
            sym = proc.analyzedSymbol
            kind = str(getattr(sym, "procedureKind", ""))
            if not kind.endswith(".Always"):
                continue
            out.extend(_sensitivity(proc, sym, sm, ast, analysis))
            for drv in proc.drivers:
                drivers.setdefault(drv.symbol.name, []).append((sym, drv))
        out.extend(_multi_drivers(body, drivers, manager, sm))
        for member in body:
            if str(member.kind).endswith(".Instance"):
                visit(member)

    for top in comp.getRoot().topInstances:
        visit(top)
    return out


def _flow_finding(sm: Any, loc: Any, severity: Severity, category: Category, message: str) -> Diagnostic:
    """A finding of our own flow checks at slang source location ``loc`` (its rule is its category)."""
    return Diagnostic(
        file=sm.getFileName(loc),
        line=sm.getLineNumber(loc),
        column=sm.getColumnNumber(loc),
        severity=severity,
        category=category,
        message=message,
        tool="slang",
        rule=category,
    )


def _sensitivity(proc: Any, sym: Any, sm: Any, ast: Any, analysis: Any) -> list[Diagnostic]:
    sens = proc.sensitivityList
    if sens is None or str(sens.kind).rsplit(".", 1)[-1] != "Explicit":
        return []
    timing = sens.timingControl
    events = list(timing.events) if hasattr(timing, "events") else [timing]
    if any(str(getattr(e, "edge", "")).rsplit(".", 1)[-1] != "None_" for e in events):
        return []  # clocked: edges only read the clock
    listed = {r.symbol.name for r in sens.reads}
    written = {d.symbol.name for d in proc.drivers}
    missing = sorted({r.symbol.name for r in proc.readSet} - listed - written)
    if not missing:
        return []
    names = ", ".join(f"'{n}'" for n in missing)
    loc = timing.sourceRange.start if hasattr(timing, "sourceRange") else sym.location
    message = f"sensitivity list misses {names}, read in the block: use always @(*) or always_comb"
    return [_flow_finding(sm, loc, "warning", "missing-sensitivity", message)]


def _overlap(a: Any, b: Any) -> bool:
    try:
        (a0, a1), (b0, b1) = tuple(a.bounds), tuple(b.bounds)
    except (TypeError, ValueError, AttributeError):
        return True
    return not (a1 < b0 or b1 < a0)


def _multi_drivers(
    body: Any, drivers: dict[str, list[tuple[Any, Any]]], manager: Any, sm: Any
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for name, items in drivers.items():
        first_sym, first = items[0]
        symbol = first.symbol
        # continuous assigns to the same variable (slang reports always_ff/always_comb itself)
        all_drivers = list(manager.getDrivers(symbol)) if hasattr(manager, "getDrivers") else []
        cont = [
            d for d in all_drivers if str(d.kind).endswith("Continuous") and not str(d.flags).count("Port")
        ]
        clash = None
        for sym2, drv2 in items[1:]:
            if sym2 is not first_sym and _overlap(first, drv2):
                clash = drv2
                break
        if clash is None:
            clash = next((c for c in cont if _overlap(first, c)), None)
        if clash is None:
            continue
        message = f"'{name}' is driven by more than one always block or assign"
        out.append(_flow_finding(sm, clash.sourceRange.start, "error", "multiple-drivers", message))
    return out
