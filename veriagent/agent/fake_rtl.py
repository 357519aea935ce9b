"""``fake:echo-ports``: the Verilog-aware fake backend, and the other fakes of :mod:`veriagent.llm.fake`.

``fake:echo-ports`` finds the last ``module NAME (...);`` header in the last user message and
answers with that module, every output tied to 0 (always compiles, almost always fails tests).
It knows just enough of a Verilog ANSI header to copy it; it lives here, not in ``llm``, because
``llm`` knows nothing of Verilog.
"""

from __future__ import annotations

import re

from veriagent.config import Settings
from veriagent.hdl.text import HEADER_RE, IDENT, strip_comments
from veriagent.llm.base import GenParams, Message
from veriagent.llm.fake import FakeBackend, last_user
from veriagent.llm.fake import create as create_fake

_DIR = re.compile(r"^\s*(input|output|inout)\b")
_NET_TYPES = re.compile(r"\b(reg|logic|wire|var)\b\s*")


def _split_top(text: str) -> list[str]:
    """Split on commas outside brackets and parentheses."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def tie_outputs_module(text: str) -> str | None:
    """A module with the last header found in ``text`` and every output tied to 0, or None."""
    matches = list(HEADER_RE.finditer(strip_comments(text)))
    if not matches:
        return None
    m = matches[-1]
    decls, outputs = [], []
    direction = ""
    for raw in _split_top(m.group("ports")):
        d = _DIR.match(raw)
        if d:
            direction = d.group(1)
        name = re.findall(IDENT, re.sub(r"\[[^\]]*\]", "", raw))
        port = name[-1] if name else ""
        decl = raw
        if direction == "output":
            decl = _NET_TYPES.sub("", raw) if d else raw
            outputs.append(port)
        decls.append(decl)
    params = f" {m.group('params').strip()}" if m.group("params") else ""
    header = f"module {m.group('name')}{params} (\n" + ",\n".join(f"    {d}" for d in decls) + "\n);"
    body = "".join(f"    assign {p} = 0;\n" for p in outputs if p)
    return f"{header}\n{body}endmodule\n"


def _echo_ports(messages: list[Message], params: GenParams) -> tuple[str, str]:
    module = tie_outputs_module(last_user(messages))
    if module is None:
        return "I could not find a module header in your message.", "stop"
    return f"Here is the module.\n\n```verilog\n{module}```\n", "stop"


def create(name: str, settings: Settings) -> FakeBackend:
    """The fake backend ``fake:<name>``: ``echo-ports`` or one of :data:`veriagent.llm.fake.FAKES`."""
    return create_fake(name, settings, {"echo-ports": _echo_ports})
