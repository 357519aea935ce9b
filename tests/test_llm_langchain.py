"""openai:/ollama: backends against a tiny OpenAI-compatible HTTP server started in the test."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from veriagent.config import load_settings
from veriagent.llm.base import (
    AuthError,
    BackendUnavailable,
    ContextLengthError,
    GenParams,
    MalformedReply,
    Message,
    ModelNotFound,
    RateLimitError,
)
from veriagent.llm.registry import get_backend
from veriagent.llm.retry import RetryPolicy


class FakeOpenAI:
    """Programmable /v1/chat/completions: a queue of (status, body) answers; records requests."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.answers: list[tuple[int, dict[str, Any] | bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                outer.headers.append({k.lower(): v for k, v in self.headers.items()})
                status, payload = outer.answers.pop(0) if outer.answers else (500, {"error": {"message": "empty"}})
                raw = isinstance(payload, bytes)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if raw and data.startswith(b"<") else "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def ok(self, text: str, prompt: int = 11, completion: int = 7, finish: str = "stop") -> None:
        self.answers.append((200, {
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "tiny-server-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        }))

    def error(self, status: int, message: str, code: str = "") -> None:
        self.answers.append((status, {"error": {"message": message, "type": "x", "code": code or None}}))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    s = FakeOpenAI()
    yield s
    s.close()


def _backend(url: str, key: str | None = "sk-test-secret") -> Any:
    settings = load_settings(overrides={"base_url": url, "api_key": key})
    b = get_backend("openai:tiny-model", settings)
    b.retry = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)
    return b


MSGS = [Message("system", "You write Verilog."), Message("user", "Write an AND gate.")]


def test_messages_in_text_and_usage_out(server: FakeOpenAI) -> None:
    server.ok("module and2(input a, input b, output y); assign y = a & b; endmodule", 23, 19)
    reply = _backend(server.url).chat(MSGS, GenParams(temperature=0.2, max_tokens=77, seed=5, stop=("END",)))
    assert reply.text.startswith("module and2")
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (23, 19)
    assert reply.finish_reason == "stop"
    assert reply.latency > 0
    req = server.requests[0]
    assert req["model"] == "tiny-model"
    assert req["messages"] == [{"role": "system", "content": "You write Verilog."},
                               {"role": "user", "content": "Write an AND gate."}]
    assert req["temperature"] == 0.2 and req["max_tokens"] == 77 and req["max_completion_tokens"] == 77 and req["seed"] == 5 and req["stop"] == ["END"]
    assert server.headers[0]["authorization"] == "Bearer sk-test-secret"
    assert "repeat_penalty" not in req and "repetition_penalty" not in req  # off by default


def test_repeat_penalty_sent_to_local_server(server: FakeOpenAI) -> None:
    server.ok("module m; endmodule", 5, 5)
    _backend(server.url).chat(MSGS, GenParams(max_tokens=20, repeat_penalty=1.15))
    req = server.requests[0]
    assert req["repetition_penalty"] == 1.15 and req["repeat_penalty"] == 1.15  # vLLM's and llama.cpp's names


def test_finish_reason_length(server: FakeOpenAI) -> None:
    server.ok("module m(", finish="length")
    assert _backend(server.url).chat(MSGS, GenParams()).finish_reason == "length"


def test_401_is_auth_error_not_retried(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # the key must not appear even in debug logs (ours or the clients')
    server.error(401, "Incorrect API key provided")
    server.ok("never reached")
    with pytest.raises(AuthError, match="OPENAI_API_KEY"):
        _backend(server.url).chat(MSGS, GenParams())
    assert len(server.requests) == 1
    assert "sk-test-secret" not in caplog.text


def test_429_retried_then_succeeds(server: FakeOpenAI) -> None:
    server.error(429, "slow down")
    server.ok("ok now")
    assert _backend(server.url).chat(MSGS, GenParams()).text == "ok now"
    assert len(server.requests) == 2


def test_429_retried_then_rate_limit_error(server: FakeOpenAI) -> None:
    for _ in range(5):
        server.error(429, "slow down")
    with pytest.raises(RateLimitError, match="rate limited"):
        _backend(server.url).chat(MSGS, GenParams())
    assert len(server.requests) == 3  # max_attempts, no more


def test_500_retried(server: FakeOpenAI) -> None:
    server.error(500, "boom")
    server.ok("fine")
    assert _backend(server.url).chat(MSGS, GenParams()).text == "fine"


def test_context_length(server: FakeOpenAI) -> None:
    server.error(400, "This model's maximum context length is 4096 tokens", code="context_length_exceeded")
    with pytest.raises(ContextLengthError):
        _backend(server.url).chat(MSGS, GenParams())
    assert len(server.requests) == 1


def test_404_model_not_found(server: FakeOpenAI) -> None:
    server.error(404, "The model `tiny-model` does not exist")
    with pytest.raises(ModelNotFound):
        _backend(server.url).chat(MSGS, GenParams())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_port_is_backend_unavailable_fast() -> None:
    url = f"http://127.0.0.1:{_free_port()}/v1"
    t0 = time.monotonic()
    with pytest.raises(BackendUnavailable, match=f"cannot reach server at {url}"):
        _backend(url).chat(MSGS, GenParams())
    assert time.monotonic() - t0 < 5


def test_no_key_for_official_openai_is_auth_error() -> None:
    with pytest.raises(AuthError, match="OPENAI_API_KEY"):
        get_backend("openai:gpt-4o-mini", load_settings(overrides={}))


def test_no_key_needed_for_local_server(server: FakeOpenAI) -> None:
    server.ok("hi")
    assert _backend(server.url, key=None).chat(MSGS, GenParams()).text == "hi"


def test_ollama_unreachable_is_backend_unavailable_fast() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    b = get_backend("ollama:qwen2.5-coder:1.5b", load_settings(overrides={"base_url": url}))
    t0 = time.monotonic()
    with pytest.raises(BackendUnavailable, match="cannot reach server"):
        b.chat(MSGS, GenParams())
    assert time.monotonic() - t0 < 5


class FakeOllama:
    """/api/chat answering one non-streamed or streamed JSON line; records requests."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                if status != 200:
                    data = json.dumps({"error": f"model '{body['model']}' not found"}).encode()
                else:
                    data = (json.dumps({
                        "model": body["model"], "created_at": "2025-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": "module t; endmodule"},
                        "done": True, "done_reason": "stop", "prompt_eval_count": 31, "eval_count": 4,
                    }) + "\n").encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_ollama_roundtrip() -> None:
    srv = FakeOllama()
    try:
        b = get_backend("ollama:tiny", load_settings(overrides={"base_url": srv.url}))
        reply = b.chat(MSGS, GenParams(temperature=0.0, max_tokens=50, seed=3))
        b.chat(MSGS, GenParams(max_tokens=50, repeat_penalty=1.2))
    finally:
        srv.server.shutdown()
    assert reply.text == "module t; endmodule"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (31, 4)
    req = srv.requests[0]
    assert req["model"] == "tiny"
    assert req["options"]["num_predict"] == 50 and req["options"]["seed"] == 3
    assert "repeat_penalty" not in req["options"] and srv.requests[1]["options"]["repeat_penalty"] == 1.2
    assert [m["role"] for m in req["messages"]] == ["system", "user"]


def test_ollama_missing_model() -> None:
    srv = FakeOllama(status=404)
    try:
        b = get_backend("ollama:nope", load_settings(overrides={"base_url": srv.url}))
        with pytest.raises(ModelNotFound, match="ollama pull nope"):
            b.chat(MSGS, GenParams())
    finally:
        srv.server.shutdown()


GOOD_BODY = {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "fine"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
MALFORMED: dict[str, dict[str, Any] | bytes] = {
    "truncated JSON": json.dumps(GOOD_BODY).encode()[:40],
    "HTML body": b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    "empty choices": {**GOOD_BODY, "choices": []},
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_body_is_retried_then_succeeds(server: FakeOpenAI, kind: str) -> None:
    """Findings: truncated JSON, an HTML body and an empty `choices` list ended the run with raw text."""
    server.answers.append((200, MALFORMED[kind]))
    server.ok("recovered")
    assert _backend(server.url).chat(MSGS, GenParams()).text == "recovered"
    assert len(server.requests) == 2


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_body_every_time_is_one_line_llm_error(server: FakeOpenAI, kind: str) -> None:
    for _ in range(3):
        server.answers.append((200, MALFORMED[kind]))
    with pytest.raises(MalformedReply) as info:
        _backend(server.url).chat(MSGS, GenParams())
    assert len(server.requests) == 3  # retried like a 5xx, then given up
    msg = str(info.value)
    assert "\n" not in msg and server.url in msg and "malformed reply" in msg
    assert "IndexError" not in msg and "list index" not in msg


def test_llm_timeout_from_config_env_and_flag(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "veriagent.toml"
    cfg.write_text("[llm]\ntimeout = 42\n")
    assert load_settings(cfg).llm.timeout == 42
    assert load_settings(cfg, environ={"VERIAGENT_LLM__TIMEOUT": "7"}).llm.timeout == 7
    assert load_settings(cfg, {"llm": {"timeout": 3}}, environ={"VERIAGENT_LLM__TIMEOUT": "7"}).llm.timeout == 3
    assert load_settings(environ={}).llm.timeout == 600


def test_llm_timeout_reaches_the_client(server: FakeOpenAI) -> None:
    """A server slower than llm.timeout is a timeout (retried), not a 600 s hang."""
    import http.server

    slow = server.server.RequestHandlerClass
    orig = slow.do_POST  # type: ignore[attr-defined]

    def delayed(self: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        orig(self)

    slow.do_POST = delayed  # type: ignore[attr-defined]
    settings = load_settings(overrides={"base_url": server.url, "api_key": "k", "llm": {"timeout": 0.3}})
    b = get_backend("openai:tiny-model", settings)
    b.retry = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.05)  # type: ignore[attr-defined]
    t0 = time.monotonic()
    from veriagent.llm.base import LLMTimeout

    with pytest.raises(LLMTimeout):
        b.chat(MSGS, GenParams())
    assert time.monotonic() - t0 < 5
