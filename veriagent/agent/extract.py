"""Pull Verilog (and cocotb test files) out of a model's reply, robustly.

Handles fenced blocks (```verilog / ```systemverilog / ```sv / bare ```), code written straight
into prose, several modules in one reply (all are kept; the requested one is the top), a repeated
module (the last complete copy wins) and replies cut off inside a module (reported as truncated,
never silently accepted). A reply with nothing usable raises :class:`FormatError`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from veriagent.agent.exceptions import FormatError
from veriagent.hdl.text import MODULE_HEAD_RE, strip_comments

_FENCE_RE = re.compile(r"```[ \t]*([\w+.-]*)[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
_ENDMODULE_RE = re.compile(r"\bendmodule\b")
_DIRECTIVE_RE = re.compile(r"^[ \t]*`(?:timescale|define|include|default_nettype)\b[^\n]*$", re.MULTILINE)
_VERILOG_LANGS = {"verilog", "systemverilog", "v", "sv", "vlog", "hdl", ""}
_PYTHON_LANGS = {"python", "py", "python3"}


@dataclass
class ModuleText:
    """One module found in a reply."""

    name: str
    text: str
    complete: bool


@dataclass
class ExtractedVerilog:
    """The Verilog found in a reply."""

    source: str
    """All modules, in order, separated by blank lines (preceded by any `define/`timescale lines)."""
    modules: list[str]
    top: str | None
    """The requested module if present, else the module no other module instantiates."""
    truncated: bool = False
    """The last module has no ``endmodule`` (the reply was cut off)."""
    notes: list[str] = field(default_factory=list)


def split_modules(code: str) -> list[ModuleText]:
    """Every ``module ... endmodule`` span of ``code``; a module cut off is marked incomplete."""
    bare = strip_comments(code)
    found: list[ModuleText] = []
    matches = list(MODULE_HEAD_RE.finditer(bare))
    pos = 0
    for i, m in enumerate(matches):
        if m.start() < pos:
            continue
        end = _ENDMODULE_RE.search(bare, m.end())
        nxt = matches[i + 1].start() if i + 1 < len(matches) else None
        if end is not None and (nxt is None or end.start() < nxt):
            found.append(ModuleText(m.group(1), code[m.start() : end.end()], True))
            pos = end.end()
        elif nxt is not None:
            found.append(ModuleText(m.group(1), code[m.start() : nxt].rstrip(), False))
            pos = nxt
        else:
            found.append(ModuleText(m.group(1), code[m.start() :].rstrip(), False))
            break
    return found


def _code_blocks(text: str, langs: set[str]) -> list[tuple[str, str]]:
    """(language, body) of each fenced block whose language is in ``langs`` (or unlabelled)."""
    return [(m.group(1).lower(), m.group(2)) for m in _FENCE_RE.finditer(text) if m.group(1).lower() in langs]


def _pick_top(modules: list[ModuleText], wanted: str | None) -> str | None:
    names = [m.name for m in modules]
    if wanted and wanted in names:
        return wanted
    if len(names) == 1:
        return names[0]
    bodies = {m.name: strip_comments(m.text) for m in modules}
    roots = [
        n
        for n in names
        if not any(re.search(rf"^\s*{n}\b", b, re.MULTILINE) for o, b in bodies.items() if o != n)
    ]
    return roots[-1] if roots else (names[-1] if names else None)


def extract_verilog(text: str, top: str | None = None) -> ExtractedVerilog:
    """Find the Verilog modules in a reply.

    Args:
        text: the model's reply.
        top: the module name the design must define.

    Returns:
        The modules found; ``truncated`` when the reply ends inside a module.

    Raises:
        FormatError: no module at all (nothing usable; counted as a malformed reply).
    """
    notes: list[str] = []
    sources = [body for _lang, body in _code_blocks(text, _VERILOG_LANGS) if MODULE_HEAD_RE.search(body)]
    if not sources:
        # Fenced with an odd language tag, or not fenced at all: look at the whole reply.
        sources = [m.group(2) for m in _FENCE_RE.finditer(text) if MODULE_HEAD_RE.search(m.group(2))] or [
            text
        ]
        if sources == [text] and "```" not in text:
            notes.append("code was not fenced")
    modules: list[ModuleText] = []
    directives: list[str] = []
    for body in sources:
        for d in _DIRECTIVE_RE.findall(body.split("module", 1)[0] if "module" in body else body):
            if d.strip() not in directives:
                directives.append(d.strip())
        modules.extend(split_modules(body))
    if not modules:
        raise FormatError(
            "the reply contains no Verilog module (expected ```verilog module ... endmodule```)"
        )
    # A module repeated (e.g. a corrected copy) -> keep the last complete one, in first-seen order.
    by_name: dict[str, ModuleText] = {}
    for m in modules:
        if m.name not in by_name or m.complete or not by_name[m.name].complete:
            if m.name in by_name:
                notes.append(f"module {m.name} appeared more than once; kept the last copy")
            by_name[m.name] = m
    kept = list(by_name.values())
    truncated = not kept[-1].complete
    # An incomplete module that is not the last one is garbage (a new module began inside it).
    dropped = [m.name for m in kept[:-1] if not m.complete]
    if dropped:
        notes.append(f"dropped unfinished module(s): {', '.join(dropped)}")
        kept = [m for m in kept[:-1] if m.complete] + [kept[-1]]
    head = "\n".join(directives)
    source = (head + "\n\n" if head else "") + "\n\n".join(m.text.strip() for m in kept) + "\n"
    return ExtractedVerilog(source, [m.name for m in kept], _pick_top(kept, top), truncated, notes)


def extract_python(text: str) -> str:
    """Find a cocotb test file in a reply.

    Args:
        text: the model's reply.

    Returns:
        The Python source (it parses and has at least one ``@cocotb.test``).

    Raises:
        FormatError: no Python block, it does not parse, or it has no cocotb test.
    """
    blocks = [
        b for lang, b in _code_blocks(text, _PYTHON_LANGS | {""}) if lang in _PYTHON_LANGS or "cocotb" in b
    ]
    candidates = [b for b in blocks if "cocotb.test" in b] or blocks
    if not candidates and "cocotb.test" in text:
        start = re.search(r"^(?:import|from)\s", text, re.MULTILINE)
        candidates = [text[start.start() :]] if start else []
    if not candidates:
        raise FormatError("the reply contains no Python cocotb test file (expected ```python ... ```)")
    code = max(candidates, key=lambda b: b.count("cocotb.test")).strip() + "\n"
    try:
        ast.parse(code)
    except SyntaxError as exc:
        raise FormatError(f"the test file does not parse: line {exc.lineno}: {exc.msg}") from None
    if "cocotb.test" not in code:
        raise FormatError("the test file has no test: decorate each test with @cocotb.test()")
    return code


def verdict_of(text: str) -> str | None:
    """``"test"`` or ``"design"`` when the reply states ``VERDICT: TEST`` / ``VERDICT: DESIGN``."""
    m = re.search(r"VERDICT\s*[:=]?\s*\**\s*(TEST|DESIGN)", text, re.IGNORECASE)
    return m.group(1).lower() if m else None


def extract_model(text: str, sequential: bool) -> str:
    """Find the Python reference model (``class Model`` or ``def model``) in a reply.

    Raises:
        FormatError: no such definition, it does not parse, or ``...`` placeholders are left in it.
    """
    want = "class Model" if sequential else "def model"
    blocks = [b for _lang, b in _code_blocks(text, _PYTHON_LANGS | {""}) if want in b]
    if not blocks and want in text:
        blocks = [text[text.index(want) :]]
    if not blocks:
        raise FormatError(f"the reply has no `{want}` in a ```python block")
    code = blocks[-1].strip() + "\n"
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise FormatError(f"the model code does not parse: line {exc.lineno}: {exc.msg}") from None
    if any(isinstance(n, ast.Constant) and n.value is Ellipsis for n in ast.walk(tree)):
        raise FormatError("the model still has `...` placeholders: write the real computation")
    banned = {"os", "subprocess", "sys", "shutil", "socket"}
    if any(
        isinstance(n, (ast.Import, ast.ImportFrom))
        and ({a.name.split(".")[0] for a in n.names} | {getattr(n, "module", None) or ""}) & banned
        for n in ast.walk(tree)
    ):
        raise FormatError("the model may only compute values: no os/sys/subprocess imports")
    return code
