"""The chat backend protocol every model backend implements, and its typed errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from veriagent.errors import ModelError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Role
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass
class Usage:
    """Token counts of one call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class Reply:
    """What a backend returns for one call."""

    text: str
    usage: Usage = field(default_factory=Usage)
    latency: float = 0.0
    finish_reason: str = "stop"  # "stop" | "length" | ...
    model: str = ""


@dataclass(frozen=True)
class GenParams:
    """Sampling parameters of one call."""

    temperature: float = 0.0
    max_tokens: int = 1500
    seed: int | None = None
    stop: tuple[str, ...] = ()
    repeat_penalty: float = 1.0  # > 1 discourages repeating recent tokens; 1.0 = off


@runtime_checkable
class ChatBackend(Protocol):
    """A chat model: messages in; text, token usage and latency out."""

    name: str

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """Run one completion. Raises a :class:`LLMError` subclass on failure."""
        ...


def chat_many(backend: ChatBackend, requests: list[tuple[list[Message], GenParams]]) -> list[Reply]:
    """Several completions, as fast as the backend allows; replies in request order.

    A backend with ``chat_batch`` (``local:``: one llama.cpp batch sharing the prompt's KV cache)
    gets them all at once; one with ``concurrency`` > 1 (``openai:``, ``ollama:``; the
    ``llm_concurrency`` setting) gets that many requests in flight; any other backend one after another.

    Raises:
        LLMError: the first failure (the others' replies are dropped).
    """
    batch = getattr(backend, "chat_batch", None)
    if batch is not None and len(requests) > 1:
        return list(batch(requests))
    workers = min(int(getattr(backend, "concurrency", 1)), len(requests))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda r: backend.chat(*r), requests))
    return [backend.chat(m, p) for m, p in requests]


class LLMError(ModelError):
    """Base of backend errors. ``retryable`` says whether backing off and retrying may help."""

    retryable: bool = False


class AuthError(LLMError):
    """The server refused the credentials."""


class RateLimitError(LLMError):
    """The server asked us to slow down."""

    retryable = True


class LLMTimeout(LLMError):
    """The call took too long or the server did not answer."""

    retryable = True


class ContextLengthError(LLMError):
    """The prompt does not fit the model's context window."""


class MalformedReply(LLMError):
    """The reply could not be used (empty, truncated or non-JSON body, no choices); retried like a 5xx."""

    retryable = True


class ModelNotFound(LLMError):
    """The model spec names no known or installed model."""


class BackendUnavailable(LLMError):
    """The backend's runtime is not installed or its server cannot be reached."""


class ServerError(LLMError):
    """The server failed on its side (HTTP 5xx, overloaded); backing off may help."""

    retryable = True
