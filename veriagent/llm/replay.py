"""``replay:<file>``: replies read from a file, in order, for tests and for reproducing a run exactly.

Accepted files:

- a JSON list whose items are strings or objects ``{"text", "prompt_tokens", "completion_tokens",
  "finish_reason"}`` (all but ``text`` optional);
- JSONL, one such item per line;
- a run's ``trace.jsonl``: its ``"llm"`` events are replayed (``reply``, ``prompt_tokens``,
  ``completion_tokens``), everything else is skipped.

When the replies run out the next call raises ``MalformedReply("replay exhausted after N replies")``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veriagent.config import Settings
from veriagent.errors import BadInput
from veriagent.llm.base import GenParams, MalformedReply, Message, ModelNotFound, Reply, Usage


@dataclass(frozen=True)
class Scripted:
    """One recorded reply."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"


def _item(obj: Any, where: str) -> Scripted:
    if isinstance(obj, str):
        return Scripted(obj, completion_tokens=len(obj.split()))
    if isinstance(obj, dict):
        text = obj.get("text", obj.get("reply"))
        if isinstance(text, str):
            return Scripted(
                text,
                int(obj.get("prompt_tokens", 0) or 0),
                int(obj.get("completion_tokens", len(text.split())) or 0),
                str(obj.get("finish_reason", "stop") or "stop"),
            )
    raise BadInput(f"{where}: a reply must be a string or an object with a 'text' string")


def load_replies(path: Path) -> list[Scripted]:
    """Read the replies in ``path`` (JSON list, JSONL, or a run's trace.jsonl).

    Raises:
        ModelNotFound: the file does not exist.
        BadInput: the file is not in one of the accepted shapes.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelNotFound(f"replay file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read replay file: {exc}") from None
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        return [_item(o, f"{path}: item {i + 1}") for i, o in enumerate(whole)]
    if whole is not None and not isinstance(whole, dict):
        raise BadInput(f"{path}: expected a JSON list of replies, JSONL, or a trace.jsonl")
    out: list[Scripted] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{n}: not JSON: {exc.msg}") from None
        if isinstance(obj, dict) and "event" in obj:
            if obj["event"] == "llm":
                out.append(_item(obj, f"{path}:{n}"))
            continue
        out.append(_item(obj, f"{path}:{n}"))
    return out


class ReplayBackend:
    """Answers each call with the next recorded reply."""

    def __init__(self, replies: list[Scripted], name: str = "replay") -> None:
        self.name = name
        self.replies = replies
        self.calls: list[list[Message]] = []
        self._next = 0
        self._lock = threading.Lock()

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """The next recorded reply.

        Raises:
            MalformedReply: all replies were used.
        """
        t0 = time.monotonic()
        with self._lock:
            if self._next >= len(self.replies):
                raise MalformedReply(f"replay exhausted after {len(self.replies)} replies")
            item = self.replies[self._next]
            self._next += 1
            self.calls.append(list(messages))
        prompt = item.prompt_tokens or sum(len(m.content.split()) for m in messages)
        return Reply(
            item.text,
            Usage(prompt, item.completion_tokens),
            time.monotonic() - t0,
            item.finish_reason,
            self.name,
        )

    @property
    def remaining(self) -> int:
        """Replies not used yet."""
        return len(self.replies) - self._next


def create(name: str, settings: Settings) -> ReplayBackend:
    """The backend ``replay:<file>``.

    Raises:
        ModelNotFound: the file does not exist.
        BadInput: the file holds no usable replies.
    """
    path = Path(name).expanduser()
    replies = load_replies(path)
    if not replies:
        raise BadInput(f"{path}: no replies to replay")
    return ReplayBackend(replies, name=f"replay:{path}")
