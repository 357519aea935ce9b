"""The required interface of a design, read from the spec (module header or port bullet list).

The agent designs to a fixed interface: the spec's module header when it has one, else its port
list ("- `input [3:0] a` — ..."), else a header the model proposes that parses. A spec that is
empty, binary, or names no interface the model can complete is :class:`BadInput`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from veriagent.errors import BadInput
from veriagent.hdl.interface import Interface, extract_interface

MAX_SPEC_BYTES = 200_000
_NAME_RES = (
    re.compile(r"\bmodule\s+(?:named|called)\s+[`'\"*]*([A-Za-z_]\w*)", re.IGNORECASE),
    re.compile(r"\b(?:named|called)\s+`([A-Za-z_]\w*)`", re.IGNORECASE),
    re.compile(r"\bmodule\s+`([A-Za-z_]\w*)`", re.IGNORECASE),
)
_HEADER_RE = re.compile(r"\bmodule\s+[A-Za-z_]\w*\s*(?:#\s*\((?:[^()]|\([^()]*\))*\)\s*)?\((?:[^()]|\([^()]*\))*\)\s*;", re.S)
_DECL_RE = re.compile(
    r"^(?:input|output|inout)(?:\s+(?:wire|reg|logic|signed|unsigned))*\s*(?:\[[^\]]+\]\s*)?"
    r"[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*$"
)
_PARAM_RE = re.compile(r"\bparameter\s+(?:integer\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(\d+)")


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
    """The module name the spec asks for ("module named `x`", "named `x`", or its header)."""
    for rx in _NAME_RES:
        m = rx.search(spec)
        if m:
            return m.group(1)
    h = _HEADER_RE.search(spec)
    return h.group(0).split()[1].split("(")[0].split("#")[0] if h else None


def _parse(header: str, top: str | None) -> Interface | None:
    text = header if re.search(r"\bendmodule\b", header) else header + "\nendmodule\n"
    try:
        iface = extract_interface(text)
    except BadInput:
        return None
    except Exception:  # pyslang rejected it: not a usable header
        return None
    if not iface.ports:
        return None
    if top and iface.module != top:
        iface = iface.model_copy(update={"module": top})
    return iface


def port_decls(spec: str) -> list[str]:
    """Port declarations found in the spec's bullet list (``- `input [3:0] a` — ...`` or ``input a``)."""
    decls: list[str] = []
    for line in spec.splitlines():
        found = re.findall(r"`((?:input|output|inout)\b[^`]*)`", line)
        if not found:
            m = re.match(r"^\s*(?:[-*+]|\d+[.)])?\s*((?:input|output|inout)\s(?:\[[^\]]*\]|[^—–:;(/\[])*?)\s*(?:[—–:;(/]|\s-\s|$)", line)
            found = [m.group(1)] if m else []
        for d in found:
            d = " ".join(d.strip().rstrip(",;").split())
            if _DECL_RE.match(d) and d not in decls:
                decls.append(d)
    return decls


def interface_from_spec(spec: str, top: str | None, header: str | None = None) -> Interface | None:
    """The interface a spec prescribes, or None when it gives none.

    Args:
        spec: the spec text.
        top: the module name required (None: the spec's own).
        header: an explicit module header given with the problem.

    Returns:
        The parsed :class:`Interface` (module renamed to ``top`` when given), or None.
    """
    top = top or module_name(spec)
    for text in [header] if header else []:
        iface = _parse(text, top)
        if iface is not None:
            return iface
    for m in _HEADER_RE.finditer(spec):
        iface = _parse(m.group(0), top)
        if iface is not None:
            return iface
    decls = port_decls(spec)
    if decls and any(d.startswith("output") for d in decls):
        params = dict(_PARAM_RE.findall(spec))
        used = {k: v for k, v in params.items() if any(k in d for d in decls)}
        ptext = " #(" + ", ".join(f"parameter {k} = {v}" for k, v in used.items()) + ")" if used else ""
        text = f"module {top or 'top_module'}{ptext} (\n    " + ",\n    ".join(decls) + "\n);"
        return _parse(text, top)
    return None


def interface_from_reply(reply_header: str, top: str | None) -> Interface | None:
    """Parse a module header the model proposed (None when it does not parse or has no ports)."""
    m = _HEADER_RE.search(reply_header)
    return _parse(m.group(0), top) if m else None
