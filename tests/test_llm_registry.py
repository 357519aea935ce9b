"""Registry: spec parsing, unknown schemes, lazy imports; retry policy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from veriagent.config import load_settings
from veriagent.llm.base import (
    AuthError,
    ChatBackend,
    ContextLengthError,
    LLMTimeout,
    ModelNotFound,
    RateLimitError,
    ServerError,
)
from veriagent.llm.registry import BACKENDS, get_backend, parse_spec
from veriagent.llm.retry import NO_RETRY, RetryPolicy, call_with_retry, is_retryable

HEAVY = ("llama_cpp", "torch", "transformers", "peft", "langchain", "langchain_core", "langchain_openai",
         "langchain_ollama", "openai", "ollama")

PROBE = """
import json, sys
sys.argv = ["veriagent", *json.loads(sys.argv[1])]
import veriagent.cli
try:
    veriagent.cli.app()
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def _loaded_after(argv: list[str]) -> set[str]:
    r = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout.strip().splitlines()[-1]))


@pytest.mark.sim
@pytest.mark.parametrize("argv", [["--help"], ["models", "list"], ["check", "--help"], ["check", "{design}"]])
def test_cli_does_not_import_heavy_libraries(argv: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    design = tmp_path / "and2.v"
    design.write_text("module and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n")
    argv = [a.format(design=design) for a in argv]
    loaded = _loaded_after(argv)
    assert "veriagent" in loaded
    assert not loaded & set(HEAVY), f"`veriagent {' '.join(argv)}` imported {sorted(loaded & set(HEAVY))}"


def test_import_registry_and_light_backends_stay_light() -> None:
    code = (
        "import sys, json; import veriagent.llm.registry as r; "
        "b = r.get_backend('fake:echo-ports'); "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    loaded = set(json.loads(r.stdout))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_parse_spec() -> None:
    assert parse_spec("local:qwen2.5-coder-1.5b") == ("local", "qwen2.5-coder-1.5b")
    assert parse_spec("qwen2.5-coder-0.5b") == ("local", "qwen2.5-coder-0.5b")
    assert parse_spec("ollama:qwen2.5-coder:1.5b") == ("ollama", "qwen2.5-coder:1.5b")
    assert parse_spec("OpenAI:gpt-4o-mini") == ("openai", "gpt-4o-mini")
    assert parse_spec("hf:/m+adapter=/a") == ("hf", "/m+adapter=/a")


def test_unknown_scheme_names_supported_ones() -> None:
    with pytest.raises(ModelNotFound) as exc:
        get_backend("gemini:pro", load_settings())
    for scheme in BACKENDS:
        assert scheme in str(exc.value)
    with pytest.raises(ModelNotFound, match="no scheme"):
        get_backend("gpt-4o", load_settings())
    with pytest.raises(ModelNotFound, match="names no model"):
        get_backend("fake:", load_settings())


def test_fake_and_replay_are_chat_backends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "r.json"
    f.write_text('["hi"]')
    for spec in ("fake:echo-ports", "fake:empty", "fake:loop", f"replay:{f}"):
        assert isinstance(get_backend(spec, load_settings()), ChatBackend)


def test_local_not_pulled_says_how_to_pull() -> None:
    with pytest.raises(ModelNotFound, match=r"run `veriagent models pull qwen2.5-coder-1.5b`"):
        get_backend("local:qwen2.5-coder-1.5b", load_settings())


# --- retry ------------------------------------------------------------------------------------
def test_backoff_is_exponential_and_capped() -> None:
    assert list(RetryPolicy(max_attempts=6, base_delay=1, multiplier=2, max_delay=5).delays()) == [1, 2, 4, 5, 5]
    assert list(NO_RETRY.delays()) == []


def test_retryable_classification() -> None:
    assert is_retryable(RateLimitError("x")) and is_retryable(LLMTimeout("x")) and is_retryable(ServerError("x"))
    assert not is_retryable(AuthError("x")) and not is_retryable(ContextLengthError("x"))
    assert not is_retryable(ValueError("x"))


def test_call_with_retry_retries_only_retryable() -> None:
    slept: list[float] = []
    attempts = iter([RateLimitError("slow"), LLMTimeout("t"), "ok"])

    def fn() -> str:
        item = next(attempts)
        if isinstance(item, Exception):
            raise item
        return item

    policy = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=10)
    assert call_with_retry(fn, policy, sleep=slept.append) == "ok"
    assert slept == [0.5, 1.0]

    calls = []

    def auth() -> str:
        calls.append(1)
        raise AuthError("bad key")

    with pytest.raises(AuthError):
        call_with_retry(auth, policy, sleep=slept.append)
    assert len(calls) == 1


def test_call_with_retry_gives_up_after_max_attempts() -> None:
    calls = []

    def fn() -> str:
        calls.append(1)
        raise RateLimitError("slow")

    with pytest.raises(RateLimitError):
        call_with_retry(fn, RetryPolicy(max_attempts=3, base_delay=0), sleep=lambda s: None)
    assert len(calls) == 3


def test_retry_after_hint_is_honoured_but_capped() -> None:
    slept: list[float] = []
    err = RateLimitError("slow")
    err.retry_after = 100  # type: ignore[attr-defined]
    seq = iter([err, "ok"])

    def fn() -> str:
        item = next(seq)
        if isinstance(item, Exception):
            raise item
        return item

    call_with_retry(fn, RetryPolicy(base_delay=1, max_delay=7), sleep=slept.append)
    assert slept == [7]
