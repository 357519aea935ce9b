"""``"scheme:name"`` → a chat backend. Each backend module is imported only when its scheme is used.

Supported schemes (the module of each is imported lazily, so ``veriagent --help`` never loads
llama_cpp, torch, transformers, peft or LangChain):

- ``local:NAME`` — a catalogue GGUF (``veriagent models list``) or a ``.gguf`` path, run in-process
  by llama-cpp-python (:mod:`veriagent.llm.local_gguf`); ``+adapter=DIR`` adds a GGUF LoRA.
- ``openai:MODEL`` — any OpenAI-compatible server via LangChain (``base_url`` from settings).
- ``ollama:MODEL`` — an Ollama server via LangChain.
- ``hf:PATH[+adapter=DIR]`` — a local transformers model directory, optionally with a peft adapter.
- ``replay:FILE`` — scripted or recorded replies (a JSON/JSONL list, or a run's ``trace.jsonl``).
- ``fake:NAME`` — deterministic offline fakes for tests (``echo-ports``, ``empty``, ``loop``, ...).

A spec without a scheme that names a catalogue model means ``local:`` (``qwen2.5-coder-1.5b``).
"""

from __future__ import annotations

import importlib
from typing import Any

from veriagent.config import Settings, load_settings
from veriagent.llm.base import ChatBackend, ModelNotFound

#: scheme -> "module:factory"; the factory takes (name, settings) and returns a ChatBackend.
BACKENDS: dict[str, str] = {
    "local": "veriagent.llm.local_gguf:create",
    "openai": "veriagent.llm.langchain:create_openai",
    "ollama": "veriagent.llm.langchain:create_ollama",
    "hf": "veriagent.llm.hf:create",
    "replay": "veriagent.llm.replay:create",
    "fake": "veriagent.agent.fake_rtl:create",  # fake:echo-ports knows Verilog: it lives in agent
}


def parse_spec(spec: str) -> tuple[str, str]:
    """Split ``"scheme:name"``; a bare catalogue name means ``local``.

    Raises:
        ModelNotFound: no scheme and not a catalogue name, an unknown scheme, or an empty name.
    """
    spec = spec.strip()
    scheme, sep, name = spec.partition(":")
    if not sep:
        from veriagent.llm.models import CATALOG

        if spec in CATALOG:
            return "local", spec
        raise ModelNotFound(
            f"model spec {spec!r} has no scheme; use SCHEME:NAME with SCHEME one of {', '.join(BACKENDS)}"
        )
    scheme = scheme.lower()
    if scheme not in BACKENDS:
        raise ModelNotFound(f"unknown model scheme {scheme!r} in {spec!r}; supported: {', '.join(BACKENDS)}")
    if not name.strip():
        raise ModelNotFound(f"model spec {spec!r} names no model after '{scheme}:'")
    return scheme, name.strip()


def _factory(scheme: str) -> Any:
    module_name, _, attr = BACKENDS[scheme].partition(":")
    return getattr(importlib.import_module(module_name), attr)


def get_backend(spec: str, settings: Settings | None = None) -> ChatBackend:
    """The chat backend for ``spec`` (e.g. ``local:qwen2.5-coder-1.5b``, ``openai:gpt-4o-mini``).

    Args:
        spec: ``scheme:name`` (see the module docstring for the schemes).
        settings: configuration (base URL, API key, cache dir); loaded from the usual layers if None.

    Returns:
        A backend implementing :class:`veriagent.llm.base.ChatBackend`.

    Raises:
        ModelNotFound: unknown scheme or model, or a local model that is not pulled.
        BackendUnavailable: the backend's runtime is not installed (with the command that installs it).
    """
    scheme, name = parse_spec(spec)
    backend: ChatBackend = _factory(scheme)(name, settings or load_settings())
    return backend
