"""Concrete behaviour a spec states about itself, as directed tests.

Specs often give examples: "`bin = 8'd2` gives `gray = 8'b0000_0011`", "level = 3 -> 8'b0000_0111",
truth tables, "after reset `count` is 0", cycle-by-cycle tables of a clocked design. They are the
designer's own ground truth, so they are (a) tests every candidate must pass and (b) a check on the
model-written reference model before it is trusted. An example the extractor cannot place
unambiguously (not every input given, a value it cannot read, several outputs and a bare value, a
comparison of two values that names no port, an input/output sentence or a table without a cycle
column in a clocked design, which does not say in which cycle it holds) is reported as
*unplaced*, never guessed.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from veriagent.hdl.interface import Interface
from veriagent.hdl.text import IDENT

_LIT = r"(?:\d+\s*'\s*[sS]?[bBoOdDhH]\s*[0-9a-fA-F_xXzZ?]+|\d[\d_]*|'[01])"
_CONNECT = r"(?:->|→|=>|⇒|\bgives\b|\byields\b|\bproduces\b|\bresults in\b|\bmust give\b|\boutputs\b)"
_ASSIGN_RE = re.compile(r"`?(" + IDENT + r")`?\s*(?:=|:=|==)\s*`?(" + _LIT + r")`?(?![\w'])")
_TOKEN_RE = re.compile(
    r"(?P<assign>`?" + IDENT + r"`?\s*(?:=|:=|==)\s*`?" + _LIT + r"`?(?![\w']))"
    r"|(?P<connect>" + _CONNECT + r")"
    r"|(?P<lit>`?(?<![\w'=])" + _LIT + r"`?(?![\w'=]))"
    r"|(?P<stop>[.;:!?](?:\s|$)|\bif\b|\bwhen\b|\bwhile\b|\bby\b|\bthen\b)",
    re.I,
)


_COMPARE = (
    r"(?:\bis\s+(?:strictly\s+)?(?:less|smaller|lower|greater|larger|bigger|higher)\s+than"
    r"(?:\s+or\s+equal\s+to)?\b|\bis\s+(?:above|below)\b|\bis\s+equal\s+to\b"
    r"|(?<![<>=!])(?:<=|>=|<|>)(?![<>=]))"
)
# a value (with an optional "= -1" reading of it), a comparison, a value: "`8'hFF` = -1 is less than
# `8'h01`". Which ports carry the two values is not said, so it cannot become a check by itself.
_COMPARISON_RE = re.compile(
    r"`?(?<![\w'])" + _LIT + r"`?(?:\s*=\s*[-+]?\d+)?\s*" + _COMPARE + r"\s*`?" + _LIT + r"`?(?![\w'])",
    re.I,
)


class Step(BaseModel):
    """One clock cycle of a sequence example: the inputs during the cycle, the outputs it states."""

    line: int
    inputs: dict[str, int] = Field(default_factory=dict)
    outputs: dict[str, int] = Field(default_factory=dict)


class Example(BaseModel):
    """One directed check read from the spec."""

    line: int
    """1-based line of the spec where the example starts."""
    text: str
    """The spec's words for it (one line, trimmed)."""
    kind: Literal["vector", "reset", "sequence"]
    """``vector``: combinational, all inputs given; ``reset``: outputs right after reset;
    ``sequence``: a cycle table, one step per clock cycle from reset."""
    inputs: dict[str, int] = Field(default_factory=dict)
    outputs: dict[str, int] = Field(default_factory=dict)
    steps: list[Step] = Field(default_factory=list)


class Unplaced(BaseModel):
    """An example-like statement the extractor could not turn into a check, and why."""

    line: int
    text: str
    why: str


class SpecExamples(BaseModel):
    """Examples found in a spec, and those that could not be placed."""

    examples: list[Example] = Field(default_factory=list)
    unplaced: list[Unplaced] = Field(default_factory=list)


def parse_literal(text: str) -> int | None:
    """``8'b0000_0011`` -> 3, ``16'hF842`` -> 63554, ``42`` -> 42; None for x/z digits or junk."""
    t = text.replace("`", "").replace("_", "").replace(" ", "")
    m = re.fullmatch(r"(\d*)'[sS]?([bBoOdDhH])([0-9a-fA-F]+)", t)
    if m:
        base = {"b": 2, "o": 8, "d": 10, "h": 16}[m.group(2).lower()]
        try:
            value = int(m.group(3), base)
        except ValueError:
            return None
        if m.group(1):
            value &= (1 << int(m.group(1))) - 1
        return value
    if re.fullmatch(r"'[01]", t):
        return int(t[1])
    return int(t) if t.isdigit() else None


def _fits(value: int, width: int) -> bool:
    return 0 <= value < (1 << width)


def _sentences(spec: str) -> list[tuple[int, str]]:
    """(line number, text) of each sentence-ish piece, joined across wrapped lines of a paragraph."""
    out: list[tuple[int, str]] = []
    lines = spec.splitlines()
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if not para:
            return
        text = " ".join(t.strip() for _, t in para)
        out.append((para[0][0], text))
        para.clear()

    in_code = False
    for n, line in enumerate(lines, 1):
        if line.strip().startswith("```"):
            in_code = not in_code
            flush()
            continue
        if in_code or line.strip().startswith("|"):
            flush()
            continue
        if not line.strip() or re.match(r"\s*(?:[-*+•]|\d+[.)])\s", line) or line.lstrip().startswith("#"):
            flush()
        if line.strip():
            para.append((n, line))
    flush()
    return out


class _VectorReader:
    """Reads "in = v ... gives out = w" examples from one piece of text, token by token."""

    def __init__(self, n: int, text: str, iface: Interface, found: SpecExamples) -> None:
        self.n, self.text, self.found = n, text, found
        self.widths = {p.name: p.width for p in iface.ports}
        self.inputs = {p.name for p in iface.inputs()}
        self.outputs = [p.name for p in iface.outputs()]
        self.cur_in: dict[str, int] = {}
        self.cur_out: dict[str, int] = {}
        self.side = "in"
        self.problems: list[str] = []

    def _unplaced(self, why: str) -> None:
        self.found.unplaced.append(Unplaced(line=self.n, text=self.text[:160], why=why))

    def close(self) -> None:
        """End the example being read: record it (or why it cannot be placed) and start afresh."""
        if self.cur_out or (self.side == "out" and self.cur_in):
            missing = sorted(self.inputs - set(self.cur_in))
            if self.problems:
                self._unplaced(self.problems[0])
            elif not self.cur_out:
                self._unplaced("no output value it can place")
            elif missing:
                self._unplaced("not every input is given (missing: " + ", ".join(missing) + ")")
            else:
                self.found.examples.append(
                    Example(
                        line=self.n,
                        text=self.text[:160],
                        kind="vector",
                        inputs=dict(self.cur_in),
                        outputs=dict(self.cur_out),
                    )
                )
        self.cur_in, self.cur_out, self.side, self.problems = {}, {}, "in", []

    def _put(self, into: dict[str, int], name: str, literal: str) -> None:
        value = parse_literal(literal)
        if value is None or not _fits(value, self.widths[name]):
            self.problems.append(f"cannot read `{name}` = {literal} as a {self.widths[name]}-bit value")
        else:
            into[name] = value

    def assign(self, text: str) -> None:
        a = _ASSIGN_RE.match(text)
        assert a is not None
        name = a.group(1)
        if name not in self.widths:
            return
        if name in self.inputs:
            if self.side == "out":
                self.close()
            self._put(self.cur_in, name, a.group(2))
        elif self.side == "out":
            self._put(self.cur_out, name, a.group(2))

    def bare_literal(self, text: str) -> None:
        if self.side != "out" or self.cur_out:
            return
        lit = text.replace("`", "")
        size = re.match(r"(\d+)\s*'", lit)
        fits = [o for o in self.outputs if size and self.widths[o] == int(size.group(1))]
        target = self.outputs[0] if len(self.outputs) == 1 else fits[0] if len(fits) == 1 else None
        value = parse_literal(lit)
        if target is None:
            self.problems.append("a bare value, but the design has several outputs")
        elif value is None or not _fits(value, self.widths[target]):
            self.problems.append(f"cannot read {lit} as a {self.widths[target]}-bit value")
        else:
            self.cur_out[target] = value


def _vectors(n: int, text: str, iface: Interface, found: SpecExamples) -> None:
    """Examples "in = v ... gives out = w" in one piece of text (combinational designs)."""
    if not re.search(_CONNECT, text, re.I):
        return
    reader = _VectorReader(n, text, iface, found)
    for m in _TOKEN_RE.finditer(text):
        if m.group("assign"):
            reader.assign(m.group("assign"))
        elif m.group("connect"):
            if reader.cur_in:
                reader.side = "out"
        elif m.group("lit"):
            reader.bare_literal(m.group("lit"))
        elif m.group("stop"):
            reader.close()
    reader.close()


_RESET_RE = re.compile(
    r"\b(?:after|on|during|upon|following|out of)\s+(?:an?\s+|the\s+)?(?:(?:a?synchronous|active[- "
    r"]\w+)\s+)?reset\b"
    r"|\bwhere\s+`?\w*(?:reset|rst)\w*`?\s+is\s+`?[01]\b"
    r"|\bwhile\s+`?\w*(?:reset|rst)\w*`?\s+is\b|\bin reset\b"
    r"|\b(?:reset|rst)\w*`?\s+(?:sets|clears|forces|puts|brings|makes)\b",
    re.I,
)
_BECOMES_RE = re.compile(
    r"`(" + IDENT + r")`\s*(?:=|:=|becomes|is|reads|goes to|returns to|is set to|is cleared to)"
    r"\s*`?(" + _LIT + r")`?(?![\w'])"
)


_NO_CYCLE = "a sequential design: the spec does not say in which clock cycle this holds; not checked"


def _sequential_vector(n: int, text: str, iface: Interface, found: SpecExamples) -> None:
    """ "`din = 3` gives `q = 6`" in a clocked design: which cycle it holds in is not said, so it is
    reported as not placed (never checked at a guessed cycle)."""
    scratch = SpecExamples()
    _vectors(n, text, iface, scratch)
    if scratch.examples or scratch.unplaced:
        found.unplaced.append(Unplaced(line=n, text=text[:160], why=_NO_CYCLE))


def _reset_example(n: int, text: str, iface: Interface, found: SpecExamples) -> None:
    """ "After reset `count` is 0": the outputs right after the reset cycles (sequential designs).

    Only values stated in the same sentence as the reset action, after it, count.
    """
    if iface.reset is None:
        return
    outputs = {p.name: p.width for p in iface.outputs()}
    for sentence in re.split(r"(?<=[.;])\s+", text):
        trigger = _RESET_RE.search(sentence)
        if trigger is None:
            continue
        values: dict[str, int] = {}
        for m in _BECOMES_RE.finditer(sentence, trigger.end()):
            name = m.group(1)
            if name not in outputs:
                continue
            value = parse_literal(m.group(2))
            if value is None or not _fits(value, outputs[name]):
                found.unplaced.append(
                    Unplaced(line=n, text=sentence[:160], why=f"cannot read `{name}` = {m.group(2)}")
                )
                return
            values[name] = value
        if values:
            found.examples.append(Example(line=n, text=sentence[:160], kind="reset", outputs=values))


_CYCLE_HEAD_RE = re.compile(r"(?:clock\s+|clk\s+)?(?:cycles?|time|step|edge|t|n|#)(?:\s*\(.*\))?", re.I)
_Row = tuple[int, list[str]]


def _port_tables(spec: str, widths: dict[str, int]) -> list[tuple[int, list[str], list[_Row]]]:
    """Markdown tables with at least one port as a column: (first line, head cells, body rows)."""
    lines = spec.splitlines()
    out: list[tuple[int, list[str], list[_Row]]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip().startswith("|"):
            i += 1
            continue
        start = i
        rows: list[_Row] = []
        while i < len(lines) and lines[i].strip().startswith("|"):
            s = lines[i].strip()
            if not re.fullmatch(r"[|:\-\s+]+", s):
                rows.append((i + 1, [c.strip().replace("`", "") for c in s.strip("|").split("|")]))
            i += 1
        head = [re.sub(r"\[.*\]$", "", h).strip() for h in rows[0][1]] if rows else []
        if len(rows) >= 2 and any(h in widths for h in head):
            out.append((start + 1, head, rows[1:]))
    return out


def _row_values(
    cells: list[str], cols: dict[str, int], widths: dict[str, int], inputs: set[str]
) -> tuple[dict[str, int], dict[str, int], str]:
    """(inputs, outputs, why not) of one table row; an output marked x / don't care is not checked."""
    inp: dict[str, int] = {}
    out: dict[str, int] = {}
    for name, k in cols.items():
        cell = cells[k] if k < len(cells) else ""
        value = parse_literal(cell)
        if value is None or not _fits(value, widths[name]):
            if name in inputs:
                return inp, out, f"cannot read `{name}` = {cell!r}"
            continue
        (inp if name in inputs else out)[name] = value
    return inp, out, ""


def _sequence(
    line: int,
    text: str,
    body: list[_Row],
    cols: dict[str, int],
    widths: dict[str, int],
    iface: Interface,
    found: SpecExamples,
) -> str:
    """A cycle-by-cycle table of a clocked design as one sequence, run from reset, one row per clock
    cycle; the reason it cannot be placed, or ""."""
    assert iface.reset is not None
    inputs = {p.name for p in iface.inputs()}
    steps: list[Step] = []
    for row_line, cells in body:
        inp, out, why = _row_values(cells, cols, widths, inputs)
        if why:
            return f"line {row_line}: {why}"
        if iface.reset not in cols:  # held inactive
            inp[iface.reset] = 1 if iface.reset_active_low else 0
        steps.append(Step(line=row_line, inputs=inp, outputs=out))
    if not any(s.outputs for s in steps):
        return "no output value in the table"
    found.examples.append(Example(line=line, text=text, kind="sequence", steps=steps))
    return ""


def _vectors_of_table(
    body: list[_Row], cols: dict[str, int], widths: dict[str, int], inputs: set[str], found: SpecExamples
) -> None:
    """One vector per row of a truth table (combinational designs)."""
    for row_line, cells in body:
        inp, out, why = _row_values(cells, cols, widths, inputs)
        text = " | ".join(cells)[:160]
        if why or not out:
            found.unplaced.append(
                Unplaced(line=row_line, text=text, why=why or "no output value in this row")
            )
        else:
            found.examples.append(Example(line=row_line, text=text, kind="vector", inputs=inp, outputs=out))


def _truth_tables(spec: str, iface: Interface, found: SpecExamples) -> None:
    """Markdown tables whose columns are the ports: one vector per row (combinational designs), or
    one sequence per cycle table (clocked designs); a table that cannot be placed is reported."""
    widths = {p.name: p.width for p in iface.ports}
    inputs = {p.name for p in iface.inputs()}
    clocked = iface.clock is not None
    for line, head, body in _port_tables(spec, widths):
        cols = {h: k for k, h in enumerate(head) if h in widths and h != iface.clock}
        if not (inputs & set(cols)) or not any(h not in inputs for h in cols):
            continue  # not a table of port values
        text = " | ".join(head)[:160]
        needed = inputs - {iface.clock, iface.reset} if clocked else inputs
        if clocked and not (head[0] not in widths and _CYCLE_HEAD_RE.fullmatch(head[0])):
            why = (
                "a table of port values on a sequential design without a cycle column: "
                "the clock cycle of each row is not placed"
            )
        elif clocked and iface.reset is None:
            why = "a cycle table, but the design has no reset to start it from"
        elif not needed <= set(cols):
            why = "not every input has a column (missing: " + ", ".join(sorted(needed - set(cols))) + ")"
        elif clocked:
            why = _sequence(line, text, body, cols, widths, iface, found)
        else:
            _vectors_of_table(body, cols, widths, inputs, found)
            why = ""
        if why:
            found.unplaced.append(Unplaced(line=line, text=text, why=f"{why}; not checked"))


def extract_examples(spec: str, iface: Interface) -> SpecExamples:
    """The spec's own examples as directed checks of ``iface``'s ports.

    Args:
        spec: the spec text.
        iface: the required interface (port names and widths; clock/reset say whether the design
            is sequential).

    Returns:
        The examples (combinational vectors with every input given, or outputs after reset for a
        sequential design) and the example-like statements that could not be placed.
    """
    found = SpecExamples()
    for n, text in _sentences(spec):
        before = (len(found.examples), len(found.unplaced))
        if iface.clock is None:
            _vectors(n, text, iface, found)
        else:
            _reset_example(n, text, iface, found)
            if (len(found.examples), len(found.unplaced)) == before:
                _sequential_vector(n, text, iface, found)
        if (len(found.examples), len(found.unplaced)) == before and (m := _COMPARISON_RE.search(text)):
            found.unplaced.append(
                Unplaced(
                    line=n,
                    text=m.group(0)[:160],
                    why="compares two values without saying which ports carry them; not checked",
                )
            )
    _truth_tables(spec, iface, found)
    seen: set[str] = set()
    unique = []
    for ex in found.examples:
        key = repr((ex.kind, sorted(ex.inputs.items()), sorted(ex.outputs.items()), ex.steps))
        if key not in seen:
            seen.add(key)
            unique.append(ex)
    found.examples = unique
    return found
