"""``openai:<model>`` and ``ollama:<model>``: chat models served over HTTP, through LangChain.

``openai:`` talks to any OpenAI-compatible server (OpenAI, vLLM, llama.cpp's server, LM Studio)
with ``base_url`` from the settings (``VERIAGENT_BASE_URL`` / ``base_url`` in veriagent.toml) and the
key from ``api_key`` / ``OPENAI_API_KEY`` (never logged). ``ollama:`` talks to an Ollama server
(``base_url`` or http://127.0.0.1:11434). Provider exceptions become our typed errors; rate limits,
timeouts and server errors are retried with capped exponential backoff (:mod:`veriagent.llm.retry`),
everything else fails at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from veriagent.config import Settings
from veriagent.llm.base import (
    AuthError,
    BackendUnavailable,
    ContextLengthError,
    GenParams,
    LLMError,
    LLMTimeout,
    MalformedReply,
    Message,
    ModelNotFound,
    RateLimitError,
    Reply,
    ServerError,
    Usage,
)
from veriagent.llm.retry import RetryPolicy, call_with_retry

log = logging.getLogger(__name__)

OLLAMA_URL = "http://127.0.0.1:11434"
OPENAI_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT = 600.0
"""Seconds for one HTTP answer when no settings say otherwise (``llm.timeout``)."""
#: Exceptions a client raises while reading a body that is not the API's JSON (HTML error page,
#: truncated JSON, an empty ``choices`` list): malformed replies, retried like server errors.
_MALFORMED = (ValueError, KeyError, IndexError, TypeError, AttributeError)
_CONTEXT_MARKERS = ("context_length_exceeded", "maximum context length", "context length", "too many tokens")


def _to_lc(messages: list[Message]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content)
    return str(content or "")


def _retry_after(exc: Any) -> float | None:
    resp = getattr(exc, "response", None)
    headers = getattr(resp, "headers", None)
    if headers is None:
        return None
    try:
        return float(headers.get("retry-after"))
    except (TypeError, ValueError):
        return None


def map_openai_error(exc: Exception, url: str) -> LLMError:
    """Our typed error for an exception raised by the ``openai`` client."""
    import openai

    msg = str(getattr(exc, "message", "") or exc).splitlines()[0][:300]
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthError(
            f"the server at {url} refused the API key ({msg}); set OPENAI_API_KEY or api_key in "
            f"veriagent.toml"
        )
    if isinstance(exc, openai.RateLimitError):
        err: LLMError = RateLimitError(f"rate limited by {url}: {msg}")
        err.retry_after = _retry_after(exc)  # type: ignore[attr-defined]  # retry_after exists on RateLimitError only; err is typed as the base
        return err
    if isinstance(exc, openai.APITimeoutError):
        return LLMTimeout(f"no answer from {url} in time")
    if isinstance(exc, openai.APIConnectionError):
        return BackendUnavailable(f"cannot reach server at {url} ({msg})")
    if isinstance(exc, openai.NotFoundError):
        return ModelNotFound(f"{url}: {msg}")
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        if any(k in msg.lower() for k in _CONTEXT_MARKERS):
            return ContextLengthError(f"prompt too long for the model: {msg}")
        return LLMError(f"{url} rejected the request: {msg}")
    if isinstance(exc, openai.InternalServerError) or (
        isinstance(exc, openai.APIStatusError) and exc.status_code >= 500
    ):
        return ServerError(f"server error from {url}: {msg}")
    if isinstance(exc, openai.APIStatusError):
        return LLMError(f"{url} answered HTTP {exc.status_code}: {msg}")
    if isinstance(exc, (openai.APIResponseValidationError, *_MALFORMED)):
        return MalformedReply(f"malformed reply from {url} ({_malformed_why(exc)})")
    return LLMError(f"{type(exc).__name__}: {msg}")


def _malformed_why(exc: Exception) -> str:
    if isinstance(exc, IndexError | KeyError):
        return "no choices in the answer"
    if isinstance(exc, ValueError):
        return "the body is not the API's JSON (truncated, or an HTML page)"
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else 'unexpected shape'}"


def map_ollama_error(exc: Exception, url: str, model: str) -> LLMError:
    """Our typed error for an exception raised by the ``ollama`` client (or httpx below it)."""
    import httpx
    import ollama

    msg = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    if isinstance(exc, ollama.ResponseError):
        code = exc.status_code
        if code == 404:
            return ModelNotFound(f"ollama at {url} has no model {model!r}; run `ollama pull {model}`")
        if code in (401, 403):
            return AuthError(f"ollama at {url} refused the request: {msg}")
        if code == 429:
            return RateLimitError(f"rate limited by {url}: {msg}")
        if any(k in msg.lower() for k in _CONTEXT_MARKERS):
            return ContextLengthError(f"prompt too long for the model: {msg}")
        if code >= 500:
            return ServerError(f"server error from {url}: {msg}")
        return LLMError(f"ollama at {url}: {msg}")
    if isinstance(exc, httpx.TimeoutException):
        return LLMTimeout(f"no answer from {url} in time")
    if isinstance(exc, ConnectionError | httpx.ConnectError | httpx.NetworkError):
        return BackendUnavailable(f"cannot reach server at {url} (is `ollama serve` running?)")
    if isinstance(exc, _MALFORMED):
        return MalformedReply(f"malformed reply from {url} ({_malformed_why(exc)})")
    return LLMError(f"{type(exc).__name__}: {msg}")


class LangChainBackend:
    """A LangChain chat model behind the :class:`ChatBackend` protocol."""

    def __init__(
        self,
        name: str,
        url: str,
        invoke: Callable[[list[Any], GenParams], Any],
        map_error: Callable[[Exception], LLMError],
        retry: RetryPolicy | None = None,
        concurrency: int = 1,
    ) -> None:
        self.name = name
        self.url = url
        self.concurrency = concurrency
        """Requests of one :func:`veriagent.llm.base.chat_many` call sent at once (``llm_concurrency``)."""
        self.retry = retry or RetryPolicy()
        self._invoke = invoke
        self._map_error = map_error

    def _once(self, lc_messages: list[Any], params: GenParams) -> Any:
        try:
            return self._invoke(lc_messages, params)
        except LLMError:
            raise
        except Exception as exc:
            raise self._map_error(exc) from exc

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """One completion, retried on rate limits, timeouts and server errors.

        Raises:
            AuthError, RateLimitError, LLMTimeout, ContextLengthError, BackendUnavailable,
            ModelNotFound, MalformedReply: as the server's answer says.
        """
        lc_messages = _to_lc(messages)
        t0 = time.monotonic()

        def once() -> tuple[str, dict[str, Any], dict[str, Any], str]:
            msg = self._once(lc_messages, params)
            text = _text_of(getattr(msg, "content", None))
            meta = getattr(msg, "response_metadata", None) or {}
            usage = getattr(msg, "usage_metadata", None) or {}
            finish = str(meta.get("finish_reason") or meta.get("done_reason") or "stop")
            if not text and finish == "stop" and not usage:
                raise MalformedReply(f"{self.name}: empty reply")
            return text, meta, usage, finish

        text, meta, usage, finish = call_with_retry(once, self.retry, what=self.name)
        latency = time.monotonic() - t0
        return Reply(
            text=text,
            usage=Usage(int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))),
            latency=latency,
            finish_reason=finish,
            model=str(meta.get("model_name") or meta.get("model") or self.name),
        )


def create_openai(name: str, settings: Settings, *, timeout: float | None = None) -> LangChainBackend:
    """The backend ``openai:<model>`` (any OpenAI-compatible server).

    Raises:
        AuthError: no API key for the official OpenAI endpoint.
        BackendUnavailable: langchain-openai is not installed.
    """
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise BackendUnavailable(
            "langchain-openai is not installed; run `pip install langchain-openai`"
        ) from None
    url = settings.base_url or OPENAI_URL
    key = settings.api_key
    if not key:
        if settings.base_url is None:
            raise AuthError(
                "no API key for openai:; set OPENAI_API_KEY (or api_key in veriagent.toml), "
                "or base_url for a local OpenAI-compatible server"
            )
        key = "not-needed"  # local servers (vLLM, llama.cpp) accept any key
    timeout = settings.llm.timeout if timeout is None else timeout
    # Retries are ours (policy as data); the client must not retry on its own.
    model = ChatOpenAI(model=name, base_url=url, api_key=key, max_retries=0, timeout=timeout)
    log.info("openai backend %s at %s", name, url)

    warned: list[bool] = []

    def invoke(lc_messages: list[Any], params: GenParams) -> Any:
        kwargs: dict[str, Any] = {"temperature": params.temperature, "max_tokens": params.max_tokens}
        if params.seed is not None:
            kwargs["seed"] = params.seed
        if settings.base_url is not None:
            # LangChain sends max_completion_tokens; older OpenAI-compatible servers read max_tokens.
            kwargs["extra_body"] = {"max_tokens": params.max_tokens}
            if params.repeat_penalty != 1.0:  # not in the OpenAI API: vLLM's and llama.cpp server's names
                kwargs["extra_body"].update(
                    repetition_penalty=params.repeat_penalty, repeat_penalty=params.repeat_penalty
                )
        elif params.repeat_penalty != 1.0 and not warned:
            warned.append(True)
            log.warning(
                "openai:%s: the OpenAI API has no repeat penalty; ignoring repeat_penalty=%g",
                name,
                params.repeat_penalty,
            )
        return model.invoke(lc_messages, stop=list(params.stop) or None, **kwargs)

    return LangChainBackend(
        f"openai:{name}",
        url,
        invoke,
        lambda e: map_openai_error(e, url),
        concurrency=settings.llm_concurrency,
    )


def create_ollama(name: str, settings: Settings, *, timeout: float | None = None) -> LangChainBackend:
    """The backend ``ollama:<model>``.

    Raises:
        BackendUnavailable: langchain-ollama is not installed.
    """
    try:
        from langchain_ollama import ChatOllama
    except ImportError:
        raise BackendUnavailable(
            "langchain-ollama is not installed; run `pip install langchain-ollama`"
        ) from None
    url = settings.base_url or OLLAMA_URL
    timeout = settings.llm.timeout if timeout is None else timeout
    model = ChatOllama(model=name, base_url=url, client_kwargs={"timeout": timeout})
    log.info("ollama backend %s at %s", name, url)

    def invoke(lc_messages: list[Any], params: GenParams) -> Any:
        options: dict[str, Any] = {"temperature": params.temperature, "num_predict": params.max_tokens}
        if params.seed is not None:
            options["seed"] = params.seed
        if params.stop:
            options["stop"] = list(params.stop)
        if params.repeat_penalty != 1.0:
            options["repeat_penalty"] = params.repeat_penalty
        return model.invoke(lc_messages, options=options)

    return LangChainBackend(
        f"ollama:{name}",
        url,
        invoke,
        lambda e: map_ollama_error(e, url, name),
        concurrency=settings.llm_concurrency,
    )
