"""``fake:<name>``: deterministic offline backends for end-to-end tests of the agent and the bench.

- ``fake:echo-ports`` finds the last ``module NAME (...);`` header in the last user message and
  answers with that module, every output tied to 0 (always compiles, almost always fails tests).
- ``fake:empty`` answers with prose and no code block.
- ``fake:loop`` never finishes: its reply is cut at ``max_tokens`` (``finish_reason="length"``).
- ``fake:echo`` answers with the last user message, verbatim.

Token counts are whitespace-separated words; latency is measured. The fakes know just enough of
a Verilog ANSI header to copy it: they exist for tests, not as models.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from veriagent.config import Settings
from veriagent.llm.base import GenParams, Message, ModelNotFound, Reply, Usage

_HEADER = re.compile(
    r"\bmodule\s+(?P<name>[A-Za-z_][\w$]*)\s*(?P<params>#\s*\((?:[^()]|\([^()]*\))*\))?\s*"
    r"\((?P<ports>(?:[^()]|\([^()]*\))*)\)\s*;",
    re.S,
)
_DIR = re.compile(r"^\s*(input|output|inout)\b")
_NET_TYPES = re.compile(r"\b(reg|logic|wire|var)\b\s*")


def _words(text: str) -> int:
    return len(text.split())


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


def _strip_comments(text: str) -> str:
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)


def tie_outputs_module(text: str) -> str | None:
    """A module with the last header found in ``text`` and every output tied to 0, or None."""
    matches = list(_HEADER.finditer(_strip_comments(text)))
    if not matches:
        return None
    m = matches[-1]
    decls, outputs = [], []
    direction = ""
    for raw in _split_top(m.group("ports")):
        d = _DIR.match(raw)
        if d:
            direction = d.group(1)
        name = re.findall(r"[A-Za-z_][\w$]*", re.sub(r"\[[^\]]*\]", "", raw))
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


class FakeBackend:
    """A deterministic backend computing its reply from the messages."""

    def __init__(self, name: str, respond: Callable[[list[Message], GenParams], tuple[str, str]]) -> None:
        self.name = f"fake:{name}"
        self._respond = respond
        self.calls: list[list[Message]] = []

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """Answer deterministically (see the module docstring)."""
        t0 = time.monotonic()
        self.calls.append(list(messages))
        text, finish = self._respond(messages, params)
        prompt = sum(_words(m.content) for m in messages)
        return Reply(text, Usage(prompt, _words(text)), time.monotonic() - t0, finish, self.name)


def _last_user(messages: list[Message]) -> str:
    return next((m.content for m in reversed(messages) if m.role == "user"), "")


def _echo_ports(messages: list[Message], params: GenParams) -> tuple[str, str]:
    module = tie_outputs_module(_last_user(messages))
    if module is None:
        return "I could not find a module header in your message.", "stop"
    return f"Here is the module.\n\n```verilog\n{module}```\n", "stop"


def _empty(messages: list[Message], params: GenParams) -> tuple[str, str]:
    return "I am not sure how to write that design. Could you tell me more about it?", "stop"


def _loop(messages: list[Message], params: GenParams) -> tuple[str, str]:
    words = ["```verilog\n", "module", "loop", "(\n"] + ["//", "thinking...\n"] * params.max_tokens
    return " ".join(words[: params.max_tokens]), "length"


def _echo(messages: list[Message], params: GenParams) -> tuple[str, str]:
    return _last_user(messages), "stop"


FAKES: dict[str, Callable[[list[Message], GenParams], tuple[str, str]]] = {
    "echo-ports": _echo_ports,
    "empty": _empty,
    "loop": _loop,
    "echo": _echo,
}


def create(name: str, settings: Settings) -> FakeBackend:
    """The fake backend ``fake:<name>``.

    Raises:
        ModelNotFound: no such fake; the message lists them.
    """
    if name not in FAKES:
        raise ModelNotFound(f"unknown fake backend {name!r}; known: {', '.join(FAKES)}")
    return FakeBackend(name, FAKES[name])
