"""Port lists from specs as people write them: Verilog headers, lists, sections, tables and prose.

One entry point, :func:`find_interface`, returns an :class:`~veriagent.hdl.interface.Interface`
whose ``source`` says which notation it was read from. Every notation is reduced to the same
intermediate form (name, direction, range or width, signedness), written as an ANSI header and
elaborated with pyslang, so widths with parameters (``[WIDTH-1:0]``) come out as numbers.

Notations, tried in this order (the first that yields an output port wins):

- ``header``: a Verilog/SystemVerilog module header (ANSI or non-ANSI, ``#(parameter ...)``);
- ``table``: a markdown, ASCII or aligned-column port table (name / direction / width columns,
  any order, extra columns ignored);
- ``sections``: ``Input ports:`` / ``Outputs:`` / ``## Inputs`` headings followed by
  ``name [3:0]: description`` or ``name (8 bits) - description`` lines;
- ``list``: bullet or plain lines ``input [7:0] a``, ``input a[7:0]``, ``input a (8 bits)``,
  ``a: 8-bit input``;
- ``prose``: sentences naming each port in backticks with its direction (``an 8-bit input `a```).

A sentence such as "ports are one bit wide unless otherwise specified" sets the default width.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from veriagent.hdl.interface import Interface, extract_interface
from veriagent.hdl.text import IDENT, MODULE_HEAD_RE, strip_comments

log = logging.getLogger(__name__)

_RANGE = r"\[[^\[\]\n]+\]"
_DIRWORD = {
    "input": "input",
    "in": "input",
    "i": "input",
    "output": "output",
    "out": "output",
    "o": "output",
    "inout": "inout",
    "i/o": "inout",
    "io": "inout",
    "bidirectional": "inout",
    "bidir": "inout",
    "inputs": "input",
    "outputs": "output",
    "inouts": "inout",
}
_NUMWORDS = {
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "twenty-four": 24,
    "thirty-two": 32,
    "sixty-four": 64,
}
_WNUM = r"(\d+|[A-Z][A-Z0-9_]*|" + "|".join(sorted(_NUMWORDS, key=len, reverse=True)) + r")"
_WIDTH_RES = (
    re.compile(_WNUM + r"[- ]bits?\b(?:[- ]wide)?", re.I),  # 8-bit, 8 bits, 8 bits wide, WIDTH-bit
    re.compile(r"\b(?:bit[- ]?)?width(?:\s+of|\s+is|\s*[:=])?\s+" + _WNUM + r"\b", re.I),  # width 8
)
_KINDS = ("wire", "reg", "logic", "bit", "var", "tri")
_DEFAULT_WIDTH_RE = re.compile(
    r"\b(?:ports?|signals?|inputs?(?: and outputs?)?|outputs?)\b[^.\n]{0,40}?\b(?:are|is)\s+"
    + _WNUM
    + r"[- ]bits?\b(?:[- ]wide)?[^.\n]{0,12}\bunless\b",
    re.I,
)
_MODULE_RES = (
    re.compile(
        r"^\s*(?:#+\s*|\*\*)?module\s+name\s*(?:\*\*)?\s*[:\-–—]?\s*(?:\*\*)?\s*\n?\s*[`'\"*]*("
        + IDENT
        + r")\b",
        re.I | re.M,
    ),
    re.compile(r"\bmodule\s+(?:is\s+)?(?:named|called)\s+[`'\"*]*(" + IDENT + r")", re.I),
    re.compile(r"\b(?:named|called)\s+`(" + IDENT + r")`", re.I),
    re.compile(r"^\s*#+\s*module\s*[:\-–—]?\s*[`'\"*]*(" + IDENT + r")[`'\"*]*\s*$", re.I | re.M),
    re.compile(r"^\s*(?:\*\*)?module(?:\*\*)?\s*:\s*(?:\*\*)?\s*[`'\"*]*(" + IDENT + r")", re.I | re.M),
    re.compile(r"\bmodule\s+`(" + IDENT + r")`", re.I),
)
_PARAM_RES = (
    re.compile(
        r"\b(?:parameter|localparam)\s+(?:integer\s+|int\s+|unsigned\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(\d+)"
    ),
    re.compile(
        r"\bparameter\s+`?([A-Z_][A-Z0-9_]*)`?[^.\n]{0,40}?\bdefault(?:\s+value)?\s*(?:is|of|=|:)?\s*`?(\d+)"
    ),
    re.compile(
        r"`?\b([A-Z][A-Z0-9_]*)\b`?\s*(?:\(\s*default(?:\s+value)?\s*(?:[:=]|is)?\s*`?(\d+)`?\s*\)"
        r"|\s+defaults?\s+to\s+`?(\d+)|\s*=\s*`?(\d+)\b)"
    ),
)
_LIST_PREFIX = r"^\s*(?:[-*+•]|\d+[.)])?\s*"


@dataclass
class RawPort:
    """A port as written: name, direction and either a range or a width (None: the default)."""

    name: str
    direction: str
    range_text: str = ""
    width: int | str | None = None
    signed: bool = False
    kind: str = ""
    """``reg``/``logic``/... when the spec declares one."""


def _num(word: str) -> int | str:
    """``8`` -> 8, ``eight`` -> 8, ``WIDTH`` -> ``"WIDTH"`` (a parameter name)."""
    if word.isdigit():
        return int(word)
    low = word.lower()
    if low in _NUMWORDS:
        return _NUMWORDS[low]
    return word


def width_in(text: str) -> int | str | None:
    """The first width phrase in ``text`` (``8-bit``, ``8 bits wide``, ``width 8``, ``WIDTH-bit``) or None."""
    best: tuple[int, int | str] | None = None
    for rx in _WIDTH_RES:
        for m in rx.finditer(text):
            word = m.group(1)
            if word.isdigit() or word.lower() in _NUMWORDS or re.fullmatch(r"[A-Z][A-Z0-9_]*", word):
                if best is None or m.start() < best[0]:
                    best = (m.start(), _num(word))
                break
    return best[1] if best else None


_DESC_WIDTH_RES = (
    re.compile(
        r"^\s*(?:an?\s+|the\s+)?(?:(?:un)?signed\s+|(?:un)?signed,\s*)?"
        + _WNUM
        + r"-bits?\b(?!\s+(?:of|in)\b)",
        re.I,
    ),
    re.compile(r"^\s*\(?\s*" + _WNUM + r"[- ]bits?\s*(?:wide\s*)?\)?\s*(?:[,:;.—–\-)]|$)", re.I),
    re.compile(r"^[^.;:]*?\b" + _WNUM + r"[- ]bits?[- ]wide\b", re.I),
    re.compile(r"^\s*(?:bit[- ]?)?width(?:\s+of|\s+is|\s*[:=])?\s+" + _WNUM + r"\b", re.I),
    re.compile(r"\(\s*" + _WNUM + r"[- ]bits?(?:\s+wide)?\s*\)", re.I),
)


def desc_width(desc: str) -> int | str | None:
    """The width a port's description states at its start ("8-bit data", "8 bits: ...", "4 bits wide").

    Only the forms a writer uses for the port itself count: a bare "eight bits have been
    accepted" or "the 8-bit register behind it" later in a sentence does not.
    """
    for rx in _DESC_WIDTH_RES:
        m = rx.search(desc)
        if m:
            word = m.group(1)
            if word.isdigit() or word.lower() in _NUMWORDS or re.fullmatch(r"[A-Z][A-Z0-9_]*", word):
                return _num(word)
    return None


def default_width(spec: str) -> int:
    """The spec's default port width ("one bit unless otherwise specified"): 1 when not stated."""
    m = _DEFAULT_WIDTH_RE.search(spec)
    if m:
        value = _num(m.group(1))
        if isinstance(value, int) and value > 0:
            return value
    return 1


def module_name(spec: str) -> str | None:
    """The module name a spec asks for (``Module name:`` section, "module named `x`", a heading, a header)."""
    for rx in _MODULE_RES:
        m = rx.search(spec)
        if m and m.group(1).lower() not in ("name", "the", "a", "an", "that", "which", "with"):
            return m.group(1)
    h = MODULE_HEAD_RE.search(strip_comments(spec))
    return h.group(1) if h else None


def spec_parameters(spec: str) -> dict[str, str]:
    """Parameters a spec defines (``parameter WIDTH = 8``, ``WIDTH = 8``, ``WIDTH (default 8)``)."""
    params: dict[str, str] = {}
    for rx in _PARAM_RES:
        for m in rx.finditer(spec):
            value = next((g for g in m.groups()[1:] if g), None)
            if value is not None and m.group(1) not in params and not m.group(1).endswith("_BITS_"):
                params[m.group(1)] = value
    return params


def _declared_params(spec: str) -> set[str]:
    """Parameter names the spec presents as parameters of the module (not just any ``X = 8``)."""
    names = set(re.findall(r"\bparameter\s+(?:integer\s+|int\s+)?`?([A-Z_][A-Z0-9_]*)", spec))
    block = re.search(
        r"^\s*(?:#+\s*|\*\*)?parameters?\s*(?:\*\*)?\s*:?\s*(?:\*\*)?\s*$(.*?)(?:\n\s*\n(?!\s*[-*|])|\Z)",
        spec,
        re.I | re.M | re.S,
    )
    if block:
        names |= set(re.findall(r"\b([A-Z][A-Z0-9_]*)\b", block.group(1)))
    return names


# --- the Verilog header notation ---------------------------------------------------------------
def _code_blocks(spec: str) -> list[str]:
    return re.findall(r"```[^\n]*\n(.*?)```", spec, re.S)


def _header_chunks(text: str) -> list[tuple[str, str]]:
    """(module name, text from ``module`` to ``endmodule`` or to the end of its declarations)."""
    clean = strip_comments(text)
    out: list[tuple[str, str]] = []
    for m in MODULE_HEAD_RE.finditer(clean):
        rest = clean[m.start() :]
        end = re.search(r"\bendmodule\b", rest)
        nxt = MODULE_HEAD_RE.search(rest, 1)
        if end and (nxt is None or end.start() < nxt.start()):
            out.append((m.group(1), rest[: end.end()]))
            continue
        head = re.match(r"[^;]*?\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\s*;|[^;(]*;", rest, re.S)
        if not head:
            continue
        body = []
        for line in (
            rest[head.end() :].splitlines()[1:]
            if rest[head.end() :].startswith("\n")
            else rest[head.end() :].splitlines()
        ):
            s = line.strip()
            if not s:
                continue
            if re.match(r"(input|output|inout|parameter|localparam|wire|reg|logic)\b", s) and s.endswith(";"):
                body.append(s)
            else:
                break
        out.append((m.group(1), head.group(0) + "\n" + "\n".join(body) + "\nendmodule\n"))
    return out


def _from_header(spec: str, top: str | None) -> Interface | None:
    candidates = _header_chunks("\n".join(_code_blocks(spec))) or _header_chunks(spec)
    if top:
        candidates.sort(key=lambda c: c[0] != top)
    for _name, chunk in candidates:
        iface = _elaborate(chunk)
        if iface is not None and iface.ports:
            return iface
    return None


def _elaborate(text: str) -> Interface | None:
    """The interface of a header text; a port named like an SV keyword (``dist``) is read as Verilog-2005."""
    for source in (text, '`begin_keywords "1364-2005"\n' + text + "\n`end_keywords\n"):
        try:
            iface = extract_interface(source)
        except Exception as exc:  # pyslang rejected it: not a usable header
            log.debug("header does not elaborate: %s", exc)
            continue
        if iface.ports and all(p.width > 0 for p in iface.ports):
            return iface
    return None


# --- tables --------------------------------------------------------------------------------------
_NAME_COLS = ("name", "signal", "port", "pin", "port name", "signal name", "identifier")
_DIR_COLS = ("direction", "dir", "type", "i/o", "io", "mode", "in/out", "kind", "port type")
_WIDTH_COLS = (
    "width",
    "bits",
    "size",
    "bit width",
    "range",
    "msb:lsb",
    "[msb:lsb]",
    "# bits",
    "vector",
    "width (bits)",
    "bit-width",
    "no. of bits",
    "number of bits",
    "bus width",
)


def _split_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|") or s.startswith("+") or "|" in s:
        s = s.strip("|").strip()
        return [c.strip() for c in s.split("|")]
    return [c.strip() for c in re.split(r"\s{2,}|\t", s)]


def _table_blocks(spec: str) -> list[list[list[str]]]:
    """Tables in the spec as rows of cells (markdown / ASCII pipes, or aligned columns)."""
    tables: list[list[list[str]]] = []
    lines = spec.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith(("|", "+")) and "|" in "".join(lines[i : i + 3]):
            rows: list[list[str]] = []
            while i < len(lines) and lines[i].strip().startswith(("|", "+")):
                s = lines[i].strip()
                if not re.fullmatch(r"[|+:\-=\s]+", s):
                    rows.append(_split_row(s))
                i += 1
            if len(rows) >= 2:
                tables.append(rows)
            continue
        cells = _split_row(line) if re.search(r"\S\s{2,}\S", line) else []
        if len(cells) >= 2 and _roles([c.lower() for c in cells])[0] is not None:
            rows = [cells]
            i += 1
            while i < len(lines) and lines[i].strip():
                if not re.fullmatch(r"[\-=\s+|]+", lines[i].strip()):
                    rows.append(_split_row(lines[i]))
                i += 1
            if len(rows) >= 2:
                tables.append(rows)
            continue
        i += 1
    return tables


def _clean_cell(cell: str) -> str:
    return cell.replace("`", "").replace("*", "").strip()


def _roles(head: list[str]) -> tuple[int | None, int | None, int | None]:
    names = [_clean_cell(h).lower() for h in head]
    name_col = next((k for k, h in enumerate(names) if h in _NAME_COLS), None)
    dir_col = next((k for k, h in enumerate(names) if h in _DIR_COLS and k != name_col), None)
    width_col = next(
        (
            k
            for k, h in enumerate(names)
            if (h in _WIDTH_COLS or h.startswith("width")) and k not in (name_col, dir_col)
        ),
        None,
    )
    return name_col, dir_col, width_col


def _dir_of(cell: str) -> str | None:
    words = re.findall(r"[A-Za-z/]+", _clean_cell(cell).lower())
    for w in words:
        if w in _DIRWORD:
            return _DIRWORD[w]
    return None


def _name_and_range(cell: str) -> tuple[str, str] | None:
    m = re.fullmatch(
        r"(?:(?:input|output|inout)\s+)?(?:(?:wire|reg|logic)\s+)?("
        + _RANGE
        + r")?\s*("
        + IDENT
        + r")\s*("
        + _RANGE
        + r")?",
        _clean_cell(cell),
    )
    if not m:
        return None
    return m.group(2), (m.group(1) or m.group(3) or "")


def _width_cell(cell: str) -> tuple[str, int | str | None]:
    """A width column's cell: ("[7:0]", None), ("", 8) or ("", None) when empty."""
    c = _clean_cell(cell)
    if re.fullmatch(_RANGE, c):
        return c, None
    if re.fullmatch(r"\d+", c):
        return "", int(c)
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", c):
        return "", c
    w = width_in(c)
    return "", w


def _from_tables(spec: str) -> list[RawPort]:
    for rows in _table_blocks(spec):
        head, body = rows[0], rows[1:]
        name_col, dir_col, width_col = _roles(head)
        if name_col is None:
            continue
        if dir_col is None:  # a column whose cells are all directions
            dir_col = next(
                (
                    k
                    for k in range(len(head))
                    if k != name_col and body and all(_dir_of(r[k]) for r in body if len(r) > k)
                ),
                None,
            )
        if dir_col is None:
            continue
        ports: list[RawPort] = []
        for row in body:
            if len(row) <= max(name_col, dir_col):
                continue
            nr = _name_and_range(row[name_col])
            direction = _dir_of(row[dir_col])
            if nr is None or direction is None:
                continue
            name, rng = nr
            width: int | str | None = None
            if width_col is not None and len(row) > width_col and not rng:
                rng, width = _width_cell(row[width_col])
            typed = [row[k] for k in (dir_col, width_col) if k is not None and k < len(row)]
            signed = any("signed" in _clean_cell(c).lower().split() for c in typed)
            ports.append(RawPort(name, direction, rng, width, signed))
        if ports:
            return ports
    return []


# --- sections ------------------------------------------------------------------------------------
_SECTION_RE = re.compile(
    r"^\s*(?:(#+)\s*)?(?:\*\*|__)?([Ii]nputs?|[Oo]utputs?|[Ii]nouts?|[Bb]idirectional|INPUTS?|OUTPUTS?|INOUTS?)"
    r"(?:\s+(?:ports?|signals?|pins?|PORTS?|SIGNALS?|PINS?))?\s*(?:\*\*|__)?\s*(:)?\s*(?:\*\*|__)?\s*(.*)$"
)


_ITEM_RE = re.compile(
    _LIST_PREFIX
    + r"(?:\*\*)?`?(?P<pre>"
    + _RANGE
    + r")?\s*`?("
    + IDENT
    + r")\s*("
    + _RANGE
    + r")?`?(?:\*\*)?\s*("
    + _RANGE
    + r")?\s*"
    r"(?:\(([^()]*)\))?\s*(?:[:\-–—,]\s*|\s+|$)(.*)$"
)


def _item(line: str, direction: str) -> RawPort | None:
    m = _ITEM_RE.match(line)
    if not m:
        return None
    name, rng = m.group(2), m.group("pre") or m.group(3) or m.group(4) or ""
    if name.lower() in ("input", "output", "inout", "note"):
        return None
    paren, desc = m.group(5) or "", m.group(6) or ""
    width: int | str | None = None
    if not rng:
        width = width_in(paren) if paren else None
        if width is None:
            width = desc_width(desc)
    signed = bool(re.search(r"(?<!un)signed\b", paren, re.I)) or bool(
        re.match(
            r"(?:an?\s+)?signed\s+(?:[\w-]+-bit\b|input|output|operand|number|value|integer)", desc, re.I
        )
    )
    return RawPort(name, direction, rng, width, signed)


def _section_heading(lines: list[str], i: int) -> tuple[str, str] | None:
    """(direction, inline text) when line ``i`` is an ``Inputs:`` / ``## Output ports`` heading."""
    m = _SECTION_RE.match(lines[i])
    if not m:
        return None
    hashes, colon, inline = m.group(1), m.group(3), m.group(4).strip()
    if not (hashes or colon or re.match(r"\s*(\*\*|__)", lines[i])):
        return None
    if inline and not (colon and re.match(r"`?" + IDENT + r"`?\s*(\[|\(|,|`|$)", inline)):
        return None
    if (
        not hashes
        and m.group(2)[0].islower()
        and i > 0
        and lines[i - 1].strip()
        and not lines[i - 1].rstrip().endswith((":", "."))
    ):
        return None  # the end of a sentence that wrapped ("... and\ninputs:")
    return _DIRWORD[m.group(2).lower()], inline


def _indent(line: str) -> int:
    s = line.expandtabs(4)
    return len(s) - len(s.lstrip())


def _from_sections(spec: str) -> list[RawPort]:
    ports: list[RawPort] = []
    lines = spec.splitlines()
    i = 0
    while i < len(lines):
        head = _section_heading(lines, i)
        if head is None:
            i += 1
            continue
        direction, inline = head
        level = _indent(lines[i])
        i += 1
        if inline:  # "Inputs: `a` (8 bits), `b`"
            for part in re.split(r",\s*(?![^()\[\]]*[)\]])", inline):
                p = _item(part, direction)
                if p is not None:
                    ports.append(p)
            continue
        while i < len(lines) and not lines[i].strip():
            i += 1
        first = _indent(lines[i]) if i < len(lines) else 0
        while i < len(lines) and lines[i].strip():
            if _section_heading(lines, i) is not None or (level < first and _indent(lines[i]) <= level):
                break  # the next heading, or text back at the heading's level ("Example: ...")
            if _indent(lines[i]) <= first:  # deeper lines continue an item's description
                p = _item(lines[i], direction)
                if p is not None:
                    ports.append(p)
            i += 1
            if (
                i + 1 < len(lines)
                and not lines[i].strip()
                and re.match(r"\s+\S|\s*(?:[-*+•]|\d+[.)])\s", lines[i + 1])
            ):
                i += 1  # a blank line between items
    return ports


# --- lists ---------------------------------------------------------------------------------------
_LIST_RE = re.compile(
    _LIST_PREFIX
    + r"(?:\*\*)?`?(input|output|inout)\b((?:\s+(?:"
    + "|".join(_KINDS)
    + r"|signed|unsigned)\b)*)\s*("
    + _RANGE
    + r")?\s*("
    + IDENT
    + r"(?:\s*,\s*"
    + IDENT
    + r"(?![\w\s]*\d))*)\s*("
    + _RANGE
    + r")?`?(?:\*\*)?(.*)$",
    re.I,
)
_NAME_FIRST_RE = re.compile(
    _LIST_PREFIX + r"(?:\*\*)?`?(" + IDENT + r")\s*(" + _RANGE + r")?`?(?:\*\*)?\s*(" + _RANGE + r")?\s*"
    r"(?:\(([^()]*)\))?\s*[:\-–—,]\s*(?:an?\s+|the\s+)?((?:[\w-]+\s+){0,3}?)(input|output|inout)\b(.*)$",
    re.I,
)
_NAME_PAREN_DIR_RE = re.compile(
    _LIST_PREFIX + r"(?:\*\*)?`?(" + IDENT + r")\s*(" + _RANGE + r")?`?(?:\*\*)?\s*(" + _RANGE + r")?\s*"
    r"\(([^()]*\b(?:input|output|inout)\b[^()]*)\)\s*(?:[:\-–—,]\s*(.*))?$",
    re.I,
)


def _from_decl_lists(spec: str) -> list[RawPort]:
    """Lines that declare ports with a direction keyword first: ``- `input [7:0] a` — ...``."""
    ports: list[RawPort] = []
    for line in spec.splitlines():
        m = _LIST_RE.match(line.replace("`", " ") if line.count("`") >= 2 else line)
        if not m:
            continue
        rest = m.group(6).strip()
        if rest and not re.match(r"[(:\-–—;,/]|$", rest):
            continue  # "- input `d0` contributes when ...": a sentence, not a declaration
        bullet = re.match(r"\s*(?:[-*+•]|\d+[.)])\s", line) is not None
        if not bullet and rest.startswith(",") and rest[1:].strip() and not rest[1:].strip().startswith("//"):
            continue  # "output `lowest`, and the ...": a sentence wrapped onto a new line
        names = [n.strip() for n in m.group(4).split(",")]
        if any(
            n.lower() in ("is", "are", "and", "the", "of", "to", "port", "ports", "signal") for n in names
        ):
            continue
        rng = m.group(3) or m.group(5) or ""
        width: int | str | None = None
        if not rng:
            paren = re.match(r"\(([^()]*)\)", rest)
            width = width_in(paren.group(1)) if paren else None
            if width is None:
                width = desc_width(re.sub(r"^[:\-–—;,\s]+", "", rest))
        words = m.group(2).lower().split()
        kind = next((w for w in words if w in _KINDS), "")
        ports += [RawPort(n, m.group(1).lower(), rng, width, "signed" in words, kind) for n in names]
    return ports


def _from_named_lists(spec: str) -> list[RawPort]:
    """Bullets that name the port first: ``- `a` (8 bits): input, ...``, ``- `a[7:0]` (input) — ...``."""
    ports: list[RawPort] = []
    for line in spec.splitlines():
        if not re.match(r"\s*(?:[-*+•]|\d+[.)])\s", line):
            continue
        m = _NAME_PAREN_DIR_RE.match(line)
        if m:
            paren, desc = m.group(4), m.group(5) or ""
            direction = re.search(r"\b(input|output|inout)\b", paren, re.I)
            assert direction is not None
            rng = m.group(2) or m.group(3) or ""
            width = None if rng else (width_in(paren) or desc_width(desc))
            signed = bool(re.search(r"(?<!un)signed", paren, re.I))
            ports.append(RawPort(m.group(1), direction.group(1).lower(), rng, width, signed))
            continue
        m = _NAME_FIRST_RE.match(line)
        if not m:
            continue
        name, rng = m.group(1), m.group(2) or m.group(3) or ""
        if name.lower() in ("input", "output", "inout"):
            continue
        width = None if rng else (width_in(m.group(4) or "") or desc_width(m.group(5) or ""))
        signed = bool(re.search(r"(?<!un)signed", (m.group(4) or "") + m.group(5), re.I))
        ports.append(RawPort(name, m.group(6).lower(), rng, width, signed))
    return ports


# --- prose ---------------------------------------------------------------------------------------
_NAMES = r"`" + IDENT + r"`(?:\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)`" + IDENT + r"`)*"
_PROSE_RES = (
    # "an 8-bit input `a`", "two 4-bit inputs `a` and `b` (4 bits each)", "a clock input `clk`"
    re.compile(
        r"((?:\b[\w-]+,?\s+){0,4}?)\b(input|output|inout)s?,?\s+(?:ports?\s+|signals?\s+|named\s+|called\s+)?("
        + _NAMES
        + r")((?:\s*"
        + _RANGE
        + r")?(?:\s*\([^()]*\)|,\s*(?:[\w-]+\s+){0,2}bits?\s+wide"
        r"|\s+(?:that|which)\s+is\s+[\w-]+[- ]bits?(?:\s+wide)?)?)",
        re.I,
    ),
    # "`a` is an 8-bit input", "`valid` (1 bit) is a single-bit output"
    re.compile(
        r"(" + _NAMES + r")(\s*" + _RANGE + r")?\s*(?:\([^()]*\)\s*)?(?:is|are)\s+(?:an?\s+|the\s+|two\s+)?"
        r"((?:(?!\d+\s)[\w-]+\s+){0,4}?)(input|output|inout)s?\b",
        re.I,
    ),
)


def _from_prose(spec: str) -> list[RawPort]:
    found: dict[str, tuple[int, RawPort]] = {}
    for k, rx in enumerate(_PROSE_RES):
        for m in rx.finditer(spec):
            if k == 0:
                pre, direction, names, post = m.group(1), m.group(2), m.group(3), m.group(4)
            else:
                names, post, pre, direction = m.group(1), m.group(2) or "", m.group(3), m.group(4)
            rng_m = re.search(_RANGE, post)
            rng = rng_m.group(0) if rng_m else ""
            width = None if rng else (width_in(post) or width_in(pre))
            signed = bool(re.search(r"(?<!un)signed", pre + post, re.I))
            for n in re.findall(r"`(" + IDENT + r")`", names):
                if n not in found:
                    found[n] = (m.start(), RawPort(n, direction.lower(), rng, width, signed))
                elif not (found[n][1].range_text or found[n][1].width is not None) and (
                    rng or width is not None
                ):
                    found[n][1].range_text, found[n][1].width = rng, width  # a later sentence gives the width
    return [p for _, p in sorted(found.values(), key=lambda t: t[0])]


# --- assembling ------------------------------------------------------------------------------------
def _header_text(module: str, ports: list[RawPort], params: dict[str, str], default: int) -> str:
    used: dict[str, str] = {}
    decls = []
    for p in ports:
        rng = p.range_text
        if not rng:
            w = p.width if p.width is not None else default
            if isinstance(w, str):
                rng = f"[{w}-1:0]"
            elif w > 1:
                rng = f"[{w - 1}:0]"
        for name in re.findall(r"[A-Za-z_]\w*", rng):
            if name in params:
                used[name] = params[name]
        decls.append(
            " ".join(x for x in (p.direction, p.kind, "signed" if p.signed else "", rng, p.name) if x)
        )
    head = f"module {module}"
    if used:
        head += " #(" + ", ".join(f"parameter {k} = {v}" for k, v in used.items()) + ")"
    return head + " (\n    " + ",\n    ".join(decls) + "\n);\nendmodule\n"


def _dedupe(ports: list[RawPort]) -> list[RawPort]:
    seen: dict[str, RawPort] = {}
    for p in ports:
        if p.name not in seen:
            seen[p.name] = p
    return list(seen.values())


_NOTATIONS = (
    ("list", _from_decl_lists),
    ("table", _from_tables),
    ("sections", _from_sections),
    ("list", _from_named_lists),
    ("prose", _from_prose),
)
"""Port notations in the order they are trusted: declarations first, prose last."""


def raw_ports(spec: str) -> list[tuple[str, list[RawPort]]]:
    """The ports each notation finds in ``spec``, as (notation, ports), in order of trust."""
    return [(source, _dedupe(parse(spec))) for source, parse in _NOTATIONS]


def find_interface(spec: str, top: str | None = None, header: str | None = None) -> Interface | None:
    """The interface a spec prescribes, from any notation it is written in, or None.

    Args:
        spec: the spec text.
        top: the module name required (None: the spec's own, else ``top_module``).
        header: a module header given with the problem (an interface file): used first.

    Returns:
        The :class:`Interface`, renamed to ``top`` when given, with ``source`` set to the notation
        (``given``, ``header``, ``table``, ``sections``, ``list``, ``prose``); None when no notation
        yields a port list with an output.
    """
    name = top or module_name(spec)
    if header:
        iface = _from_header(header, top)
        if iface is not None:
            return _finish(iface, top, "given")
    iface = _from_header(spec, name)
    if iface is not None:
        return _finish(iface, top, "header")
    params = spec_parameters(spec)
    default = default_width(spec)
    found = [
        (source, ports) for source, ports in raw_ports(spec) if any(p.direction == "output" for p in ports)
    ]
    # the notation that names the most ports wins (a spec's behaviour text may hold a partial list);
    # on a tie the more formal notation does
    found.sort(key=lambda sp: -len(sp[1]))
    for source, ports in found:
        text = _header_text(name or "top_module", ports, params, default)
        iface = _elaborate(text)
        if iface is None:
            log.debug("%s notation found ports that do not elaborate:\n%s", source, text)
            continue
        declared = _declared_params(spec)
        extra = {k: v for k, v in params.items() if k in declared and k not in iface.parameters}
        if extra:
            iface.parameters = {**iface.parameters, **extra}
        return _finish(iface, top, source)
    return None


def _finish(iface: Interface, top: str | None, source: str) -> Interface:
    update: dict[str, object] = {"source": source}
    if top and iface.module != top:
        update["module"] = top
    return iface.model_copy(update=update)
