"""Module interfaces (name, parameters, ports) read with pyslang, plus a clock/reset guess.

Works for Verilog and SystemVerilog, ANSI and non-ANSI headers. Port widths are those of the
elaborated module with its default parameter values.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, Field

from veriagent.errors import BadInput
from veriagent.hdl.text import strip_comments

log = logging.getLogger(__name__)

Direction = Literal["input", "output", "inout"]

_DIRS: dict[str, Direction] = {"In": "input", "Out": "output", "InOut": "inout"}
_KIND_WORDS = (
    "wire",
    "reg",
    "logic",
    "bit",
    "integer",
    "int",
    "byte",
    "shortint",
    "longint",
    "tri",
    "wand",
    "wor",
    "uwire",
    "var",
)
_INT_KINDS = ("integer", "int", "byte", "shortint", "longint")
_KIND_RE = re.compile(r"\b(" + "|".join(_KIND_WORDS) + r")\b")

_CLOCK_RE = re.compile(
    r"^(clk|clock|i_?clk|clk_?i|clk_?in|aclk|sclk|pclk|hclk|mclk|[a-z0-9]+_clk|clk_[a-z0-9]+|[a-z0-9]+_clock)$",
    re.I,
)
_RESET_RE = re.compile(
    r"^(i_?)?(a|s)?(reset|rst|rst_?n|reset_?n|resetn|rstn|nrst|nreset|rst_?b|reset_?b|rst_?l|"
    r"[a-z0-9]+_(reset|rst)(_?n|_?b)?|(reset|rst)_[a-z0-9]+)(_i)?$",
    re.I,
)
_ACTIVE_LOW_RE = re.compile(r"(_n|n|_b|_l|_ni)(_i)?$|^n|^a?resetn$|^a?rstn$", re.I)
_EDGE_RE = re.compile(r"\b(posedge|negedge)\s+([A-Za-z_][A-Za-z0-9_$]*)")


class Port(BaseModel):
    """One port of a module."""

    name: str
    direction: Direction
    width: int
    msb: int
    lsb: int
    signed: bool = False
    kind: str = ""
    """"wire"/"reg"/"logic"/... as declared (nets without a keyword read "wire")."""

    def range_text(self) -> str:
        """The packed range as written in a declaration (``""`` for a 1-bit scalar)."""
        if self.width == 1 and self.msb == self.lsb == 0:
            return ""
        return f"[{self.msb}:{self.lsb}]"


class Interface(BaseModel):
    """Name, parameters and ports of one module, with a guess at its clock and reset."""

    module: str
    ports: list[Port]
    parameters: dict[str, str] = Field(default_factory=dict)
    clock: str | None = None
    clock_reason: str = ""
    reset: str | None = None
    reset_active_low: bool = False
    reset_reason: str = ""
    clock_edge: Literal["posedge", "negedge"] = "posedge"
    """Edge the design uses the clock on (from sensitivity lists; posedge when unknown)."""
    reset_synchronous: bool | None = None
    """False when the reset appears as an edge in a sensitivity list; None when unknown."""
    source: str = ""
    """Where the interface came from: ``given`` (an interface file or ``--interface``), ``header``,
    ``table``, ``sections``, ``list`` or ``prose`` (the spec's notation), ``model`` (proposed by the
    model and cross-checked against the spec), ``reference`` (a reference design's own, given with a
    description of it: round-trip data), or ``""`` (read from a design)."""

    def inputs(self) -> list[Port]:
        """Input ports (inouts excluded), in declaration order."""
        return [p for p in self.ports if p.direction == "input"]

    def outputs(self) -> list[Port]:
        """Output ports, in declaration order."""
        return [p for p in self.ports if p.direction == "output"]

    def port(self, name: str) -> Port | None:
        """The port called ``name``, or None."""
        return next((p for p in self.ports if p.name == name), None)

    def header(self, *, systemverilog: bool = False) -> str:
        """A Verilog-2001 ANSI module header ending in ``);`` (``logic`` kept with ``systemverilog``).

        Args:
            systemverilog: keep ``logic``/``bit`` kinds instead of mapping variables to ``reg``.

        Returns:
            The header text, one port per line.
        """
        lines: list[str] = []
        params = [f"    parameter {k} = {v}" for k, v in self.parameters.items()]
        head = f"module {self.module}"
        if params:
            head += " #(\n" + ",\n".join(params) + "\n)"
        for p in self.ports:
            parts: list[str] = [p.direction]
            if p.kind in _INT_KINDS:
                parts.append(p.kind)
            else:
                kind = p.kind if p.kind in ("reg", "logic", "bit", "var") else ""
                if kind and not systemverilog:
                    kind = "reg" if p.direction == "output" else ""
                if kind:
                    parts.append(kind)
                if p.signed:
                    parts.append("signed")
                if p.range_text():
                    parts.append(p.range_text())
            parts.append(p.name)
            lines.append("    " + " ".join(parts))
        body = ",\n".join(lines)
        return f"{head} (\n{body}\n);" if lines else f"{head} ();"

    def diff(self, other: Interface) -> list[str]:
        """Human-readable differences from ``other`` (module name, port names, directions, widths).

        Args:
            other: the interface ``self`` should match (e.g. the reference's).

        Returns:
            One line per difference; empty when the interfaces match.
        """
        out: list[str] = []
        if self.module != other.module:
            out.append(f"module is named `{self.module}`, expected `{other.module}`")
        mine = {p.name: p for p in self.ports}
        theirs = {p.name: p for p in other.ports}
        for name, q in theirs.items():
            p = mine.get(name)
            if p is None:
                out.append(
                    f"missing port `{q.direction} {q.range_text() + ' ' if q.range_text() else ''}{name}`"
                )
                continue
            if p.direction != q.direction:
                out.append(f"port `{name}` is an {p.direction}, expected an {q.direction}")
            if p.width != q.width:
                out.append(f"port `{name}` is {p.width} bit(s) wide, expected {q.width}")
            if p.signed != q.signed:
                out.append(
                    f"port `{name}` is {'signed' if p.signed else 'unsigned'}, "
                    f"expected {'signed' if q.signed else 'unsigned'}"
                )
        for name, p in mine.items():
            if name not in theirs:
                out.append(f"extra port `{p.direction} {name}`")
        return out


def _kind_of(port: Any) -> str:
    """Declared kind of a port, from its declaration syntax, falling back on the symbol kind."""
    texts: list[str] = []
    syn = port.syntax
    if syn is not None and syn.parent is not None:
        texts.append(str(syn.parent))
    internal = port.internalSymbol
    isyn = getattr(internal, "syntax", None) if internal is not None else None
    if isyn is not None and isyn.parent is not None:
        texts.append(str(isyn.parent))
    for text in texts:
        head = text.split(port.name)[0] if port.name in text else text
        m = _KIND_RE.search(head)
        if m:
            return m.group(1)
    tname = str(port.type)
    if internal is not None and str(internal.kind).endswith("Net"):
        net = getattr(internal, "netType", None)
        return str(net.name) if net is not None and net.name else "wire"
    m = _KIND_RE.match(tname)
    return m.group(1) if m else tname.split("[")[0].strip()


def _make_port(p: Any) -> Port:
    t = p.type
    width = int(t.bitWidth) if t.isIntegral else 0
    rng = getattr(t, "range", None)
    if rng is not None:
        msb, lsb = int(rng.left), int(rng.right)
    else:
        msb, lsb = max(width - 1, 0), 0
    direction = _DIRS.get(str(p.direction).split(".")[-1], "inout")
    return Port(
        name=p.name,
        direction=direction,
        width=width,
        msb=msb,
        lsb=lsb,
        signed=bool(t.isSigned),
        kind=_kind_of(p),
    )


def _module_names(tree: Any) -> list[str]:
    names: list[str] = []

    def visit(node: Any) -> None:
        kind = str(getattr(node, "kind", ""))
        if kind.endswith("ModuleDeclaration"):
            names.append(str(node.header.name.value))

    tree.root.visit(visit)
    return names


def _module_text(source: str, module: str) -> str:
    """The text of ``module ... endmodule`` for ``module`` (whole source when not found)."""
    clean = strip_comments(source)
    m = re.search(r"\b(module|macromodule)\s+" + re.escape(module) + r"\b(.*?)\bendmodule\b", clean, re.S)
    return m.group(0) if m else clean


def _guess_clock_reset(iface: Interface, text: str) -> None:
    """Fill the clock/reset fields of ``iface`` from port names and sensitivity lists."""
    one_bit = [p for p in iface.inputs() if p.width == 1]
    edges = Counter((e, n) for e, n in _EDGE_RE.findall(text))
    edge_names = Counter(n for _, n in edges.elements())
    # Clock: a named clock first; else the input used most often as an edge.
    named = [p for p in one_bit if _CLOCK_RE.match(p.name)]
    clock: Port | None = None
    if named:
        clock = max(named, key=lambda p: (edge_names.get(p.name, 0), p.name in ("clk", "clock")))
        iface.clock_reason = f"input `{clock.name}` is named like a clock"
        if edge_names.get(clock.name):
            iface.clock_reason += " and used as an edge in a sensitivity list"
    else:
        used = [p for p in one_bit if edge_names.get(p.name) and not _RESET_RE.match(p.name)]
        if used:
            clock = max(used, key=lambda p: edge_names[p.name])
            iface.clock_reason = f"input `{clock.name}` is used as an edge in a sensitivity list"
    if clock is not None:
        iface.clock = clock.name
        pos, neg = edges.get(("posedge", clock.name), 0), edges.get(("negedge", clock.name), 0)
        iface.clock_edge = "negedge" if neg > pos else "posedge"
    else:
        iface.clock_reason = "no 1-bit input named like a clock or used as an edge"
    # Reset: a named reset first; else a non-clock input used as an edge next to the clock.
    candidates = [p for p in one_bit if p.name != iface.clock and _RESET_RE.match(p.name)]
    reset: Port | None = None
    if candidates:
        reset = max(candidates, key=lambda p: (edge_names.get(p.name, 0), -len(p.name)))
        iface.reset_reason = f"input `{reset.name}` is named like a reset"
    elif iface.clock is not None:
        used = [p for p in one_bit if p.name != iface.clock and edge_names.get(p.name)]
        if used:
            reset = max(used, key=lambda p: edge_names[p.name])
            iface.reset_reason = f"input `{reset.name}` shares a sensitivity list with the clock"
    if reset is None:
        iface.reset_reason = "no 1-bit input named like a reset"
        return
    iface.reset = reset.name
    pos, neg = edges.get(("posedge", reset.name), 0), edges.get(("negedge", reset.name), 0)
    if pos or neg:
        iface.reset_synchronous = False
        iface.reset_active_low = neg > pos
        iface.reset_reason += (
            f"; asynchronous ({'negedge' if neg > pos else 'posedge'} in a sensitivity list)"
        )
    else:
        iface.reset_active_low = bool(_ACTIVE_LOW_RE.search(reset.name))
        if iface.reset_active_low:
            iface.reset_reason += "; active-low from its name"
        if iface.clock is not None:
            iface.reset_synchronous = True
    if not (pos or neg):
        # `if (!rst)` / `if (~rst)` / `rst == 0` as a condition also says active-low.
        neg_use = re.search(
            r"(!|~)\s*" + re.escape(reset.name) + r"\b|\b" + re.escape(reset.name) + r"\s*==\s*(1'b0|0)\b",
            text,
        )
        if neg_use and not iface.reset_active_low:
            iface.reset_active_low = True
            iface.reset_reason += "; active-low from its use (`!" + reset.name + "`)"


def extract_interfaces(source: str, filename: str = "design.sv") -> list[Interface]:
    """Interfaces of all modules defined in ``source``, in source order.

    Args:
        source: Verilog or SystemVerilog text.
        filename: name used in pyslang's diagnostics.

    Returns:
        One :class:`Interface` per module (empty when there is none).
    """
    from pyslang import Bag
    from pyslang.ast import Compilation, CompilationOptions

    from veriagent.hdl.slang_lint import parse_untrusted

    tree = parse_untrusted(source, filename)
    names = _module_names(tree)
    if not names:
        return []
    opts = CompilationOptions()
    opts.topModules = set(names)
    comp = Compilation(Bag([opts]))
    comp.addSyntaxTree(tree)
    root = comp.getRoot()
    by_name: dict[str, Interface] = {}
    for inst in root.topInstances:
        body = inst.body
        name = str(body.definition.name)
        if name in by_name:
            continue
        ports = [_make_port(p) for p in body.portList if str(p.kind).endswith(".Port")]
        params: dict[str, str] = {}
        for prm in body.parameters:
            if getattr(prm, "isLocalParam", False):
                continue
            value = getattr(prm, "value", None)
            params[str(prm.name)] = str(value) if value is not None else ""
        iface = Interface(module=name, ports=ports, parameters=params)
        _guess_clock_reset(iface, _module_text(source, name))
        by_name[name] = iface
    return [by_name[n] for n in names if n in by_name]


def extract_interface(source: str, top: str | None = None, filename: str = "design.sv") -> Interface:
    """Interface of module ``top`` (default: the last module that no other module instantiates).

    Args:
        source: Verilog or SystemVerilog text.
        top: the module wanted; None picks the top of the hierarchy.
        filename: name used in pyslang's diagnostics.

    Returns:
        The module's :class:`Interface`.

    Raises:
        BadInput: there is no module in ``source``, or none named ``top``.
    """
    ifaces = extract_interfaces(source, filename)
    if not ifaces:
        raise BadInput(f"no module in {filename}")
    if top is not None:
        for iface in ifaces:
            if iface.module == top:
                return iface
        found = ", ".join(i.module for i in ifaces)
        raise BadInput(f"no module `{top}` in {filename} (found: {found})")
    texts = {i.module: _module_text(source, i.module) for i in ifaces}
    instantiated = {
        i.module
        for i in ifaces
        if any(
            re.search(r"\b" + re.escape(i.module) + r"\s*(#\s*\(|[A-Za-z_]\w*\s*\()", texts[j.module])
            for j in ifaces
            if j.module != i.module
        )
    }
    tops = [i for i in ifaces if i.module not in instantiated]
    return (tops or ifaces)[-1]
