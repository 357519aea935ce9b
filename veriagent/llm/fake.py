"""``fake:<name>``: deterministic offline backends for end-to-end tests of the agent and the bench.

- ``fake:empty`` answers with prose and no code block.
- ``fake:loop`` never finishes: its reply is cut at ``max_tokens`` (``finish_reason="length"``).
- ``fake:echo`` answers with the last user message, verbatim.

Token counts are whitespace-separated words; latency is measured. These fakes know nothing of
Verilog; ``fake:echo-ports``, which does, lives in :mod:`veriagent.agent.fake_rtl` and extends
this table (the registry's ``fake`` scheme points there). They exist for tests, not as models.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from veriagent.config import Settings
from veriagent.llm.base import GenParams, Message, ModelNotFound, Reply, Usage


def _words(text: str) -> int:
    return len(text.split())


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


def last_user(messages: list[Message]) -> str:
    return next((m.content for m in reversed(messages) if m.role == "user"), "")


def _empty(messages: list[Message], params: GenParams) -> tuple[str, str]:
    return "I am not sure how to write that design. Could you tell me more about it?", "stop"


def _loop(messages: list[Message], params: GenParams) -> tuple[str, str]:
    words = ["```verilog\n", "module", "loop", "(\n"] + ["//", "thinking...\n"] * params.max_tokens
    return " ".join(words[: params.max_tokens]), "length"


def _echo(messages: list[Message], params: GenParams) -> tuple[str, str]:
    return last_user(messages), "stop"


FAKES: dict[str, Callable[[list[Message], GenParams], tuple[str, str]]] = {
    "empty": _empty,
    "loop": _loop,
    "echo": _echo,
}


Responder = Callable[[list[Message], GenParams], tuple[str, str]]


def create(name: str, settings: Settings, extra: Mapping[str, Responder] | None = None) -> FakeBackend:
    """The fake backend ``fake:<name>``, from :data:`FAKES` or ``extra``.

    Raises:
        ModelNotFound: no such fake; the message lists them.
    """
    fakes = {**FAKES, **(extra or {})}
    if name not in fakes:
        raise ModelNotFound(f"unknown fake backend {name!r}; known: {', '.join(sorted(fakes))}")
    return FakeBackend(name, fakes[name])
