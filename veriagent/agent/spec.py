"""The required interface of a design, read from the spec (module header or port bullet list).

The agent designs to a fixed interface: the spec's module header when it has one, else its port
list ("- `input [3:0] a` — ..."), else a header the model proposes that parses. A spec that is
empty, binary, or names no interface the model can complete is :class:`BadInput`.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from pydantic import BaseModel, Field

from veriagent.agent.examples import SpecExamples, extract_examples
from veriagent.errors import BadInput
from veriagent.hdl import spec_ports
from veriagent.hdl.interface import Interface
from veriagent.hdl.text import HEADER_RE

MAX_SPEC_BYTES = 200_000


def load_spec(source: str) -> tuple[str, str]:
    """Read a spec from a file path, or from stdin when ``source`` is ``-``.

    Args:
        source: a path or ``-``.

    Returns:
        (text, name) where name identifies the spec (file stem, or ``stdin``).

    Raises:
        BadInput: missing, unreadable, too large, binary or empty.
    """
    if source == "-":
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        path = Path(source)
        if not path.is_file():
            raise BadInput(f"{source}: spec file not found")
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise BadInput(f"{source}: spec is larger than {MAX_SPEC_BYTES // 1000} kB; give a shorter spec")
        data, name = path.read_bytes(), path.stem
    text = check_spec_text(data, source)
    return text, name


def check_spec_text(data: bytes | str, where: str = "spec") -> str:
    """The spec as text.

    Raises:
        BadInput: binary (NUL bytes or not UTF-8) or empty.
    """
    if isinstance(data, bytes):
        if b"\x00" in data:
            raise BadInput(f"{where}: spec is a binary file, not text")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput(f"{where}: spec is not UTF-8 text") from None
    if "\x00" in data:
        raise BadInput(f"{where}: spec is a binary file, not text")
    if not data.strip():
        raise BadInput(f"{where}: spec is empty: describe the module's behaviour and its ports")
    return data


def module_name(spec: str) -> str | None:
    """The module name the spec asks for (see :func:`veriagent.hdl.spec_ports.module_name`)."""
    return spec_ports.module_name(spec)


def interface_from_spec(spec: str, top: str | None, header: str | None = None) -> Interface | None:
    """The interface a spec prescribes, from whatever notation it uses, or None when it gives none.

    Args:
        spec: the spec text.
        top: the module name required (None: the spec's own).
        header: an explicit module header given with the problem (an interface file, ``--interface``).

    Returns:
        The parsed :class:`Interface` (module renamed to ``top`` when given; ``source`` names the
        notation), or None.
    """
    return spec_ports.find_interface(spec, top, header)


def interface_from_reply(reply_header: str, top: str | None) -> Interface | None:
    """Parse a module header the model proposed (None when it does not parse or has no ports)."""
    m = HEADER_RE.search(reply_header)
    if not m:
        return None
    iface = spec_ports.find_interface("```verilog\n" + m.group(0) + "\n```", top)
    return iface.model_copy(update={"source": "model"}) if iface is not None else None


def _mentions(spec: str, name: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9_$])" + re.escape(name) + r"(?![A-Za-z0-9_$])", spec) is not None


def spec_conflicts(spec: str, iface: Interface) -> list[str]:
    """Where ``iface`` contradicts what the spec itself says about its ports (empty: none).

    Checked: every port of ``iface`` is named in the spec (for a model's proposal); every port the
    spec lists in any notation is in ``iface`` with the same direction; every width the spec
    states for a port (in any notation) equals the port's width. For an interface that is not the
    spec's own (``model``: proposed by the model; ``reference``: a reference design's, given with a
    description of it) every notation is read, and a port the spec names that ``iface`` lacks is a
    conflict.

    Args:
        spec: the spec text.
        iface: the interface to check (from the spec itself, or proposed by the model).

    Returns:
        One line per conflict, naming the port and both readings.
    """
    out: list[str] = []
    if iface.source == "model":
        out += [
            f"port `{p.name}` of the proposed interface is not named anywhere in the spec"
            for p in iface.ports
            if not _mentions(spec, p.name)
        ]
    if iface.source == "given":
        return out  # the user's header overrides the spec's own notation
    params = {**spec_ports.spec_parameters(spec), **iface.parameters}
    outside = iface.source in ("model", "reference")
    for notation, ports in spec_ports.raw_ports(spec):
        if not outside and not any(p.direction == "output" for p in ports):
            # a notation that found no output is not a port list (an outside interface is checked on all)
            continue
        for rp in ports:
            port = iface.port(rp.name)
            if port is None:
                if outside or iface.source == "prose":
                    out.append(
                        f"the spec lists {rp.direction} `{rp.name}` ({notation}), "
                        f"but the {_what(iface)} has no such port"
                    )
                continue
            if port.direction != rp.direction:
                out.append(
                    f"port `{rp.name}`: the {_what(iface)} reads {port.direction}, "
                    f"the spec's {notation} says {rp.direction}"
                )
            width = _raw_width(rp, params)
            if width is not None and width != port.width:
                out.append(
                    f"port `{rp.name}`: the {_what(iface)} reads {port.width} bit(s), "
                    f"the spec's {notation} says {width}"
                )
    return list(dict.fromkeys(out))


def _what(iface: Interface) -> str:
    if iface.source == "model":
        return "model's proposal"
    return "reference's interface" if iface.source == "reference" else f"spec's {iface.source}"


def _raw_width(rp: spec_ports.RawPort, params: dict[str, str]) -> int | None:
    """The width a raw port states explicitly (None when it states none or it cannot be computed)."""
    if rp.range_text:
        expr = rp.range_text[1:-1]
        for k, v in params.items():
            expr = re.sub(r"\b" + re.escape(k) + r"\b", v, expr)
        m = re.fullmatch(r"\s*([0-9+\-*/() ]+)\s*:\s*([0-9+\-*/() ]+)\s*", expr)
        if not m:
            return None
        msb, lsb = _arith(m.group(1)), _arith(m.group(2))
        return None if msb is None or lsb is None else abs(msb - lsb) + 1
    if isinstance(rp.width, int):
        return rp.width
    if isinstance(rp.width, str) and rp.width in params and params[rp.width].isdigit():
        return int(params[rp.width])
    return None


def _arith(expr: str) -> int | None:
    """The value of an integer expression of digits, + - * / and parentheses (None otherwise)."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError:
        return None

    def ev(node: ast.AST) -> int:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(
            node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv)
        ):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return a // b
        raise ValueError("not plain integer arithmetic")

    try:
        return ev(tree)
    except (ValueError, ZeroDivisionError):
        return None


def check_interface(spec: str, iface: Interface) -> None:
    """Refuse an interface that contradicts its spec.

    Raises:
        BadInput: naming the first conflicting port and both readings (and how many more there are).
    """
    conflicts = spec_conflicts(spec, iface)
    if conflicts:
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        raise BadInput(
            f"the interface contradicts the spec: {conflicts[0]}{more}; "
            "fix the spec or give the header with --interface"
        )


class SpecPlan(BaseModel):
    """What ``generate`` will build from a spec, known before any model call."""

    name: str
    module: str | None
    interface: Interface | None
    """None: the spec states no interface; the model will propose one (checked against the spec)."""
    examples: SpecExamples = Field(default_factory=SpecExamples)
    header: str | None = None
    """The ``--interface`` file's text, when one was given."""


def load_interface_file(path: Path) -> str:
    """The module header in a ``--interface`` file (a .v/.sv with a module header).

    Raises:
        BadInput: unreadable, or no module header with ports in it.
    """
    if not path.is_file():
        raise BadInput(f"{path}: interface file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read the interface file: {exc}") from None
    if spec_ports.find_interface("```verilog\n" + text + "\n```", None) is None:
        raise BadInput(f"{path}: no module header with ports (e.g. `module m(input a, output y);`)")
    return text


def plan_spec(spec: str, name: str, *, top: str | None = None, header: str | None = None) -> SpecPlan:
    """The interface (checked against the spec) and the spec's own examples.

    Args:
        spec: the spec text.
        name: what to call the spec (file stem).
        top: a module name required from outside (None: the spec's own).
        header: a module header given with ``--interface`` (overrides the spec's notation).

    Raises:
        BadInput: the interface the spec gives contradicts the spec elsewhere.
    """
    module = top or module_name(spec)
    iface = interface_from_spec(spec, module, header)
    if iface is not None:
        check_interface(spec, iface)
    examples = extract_examples(spec, iface) if iface is not None else SpecExamples()
    return SpecPlan(
        name=name, module=iface.module if iface else module, interface=iface, examples=examples, header=header
    )
