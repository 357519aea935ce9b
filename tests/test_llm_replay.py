"""replay: backend: scripted lists, JSONL, and a run's trace.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veriagent.config import load_settings
from veriagent.errors import BadInput
from veriagent.llm.base import GenParams, MalformedReply, Message, ModelNotFound
from veriagent.llm.registry import get_backend

MSG = [Message("user", "write it")]


def test_json_list_of_strings_and_objects(tmp_path: Path) -> None:
    f = tmp_path / "r.json"
    f.write_text(json.dumps(["first reply", {"text": "second", "prompt_tokens": 100, "completion_tokens": 9,
                                             "finish_reason": "length"}]))
    b = get_backend(f"replay:{f}", load_settings())
    r1 = b.chat(MSG, GenParams())
    r2 = b.chat(MSG, GenParams())
    assert r1.text == "first reply" and r1.usage.completion_tokens == 2 and r1.usage.prompt_tokens == 2
    assert (r2.text, r2.usage.prompt_tokens, r2.usage.completion_tokens, r2.finish_reason) == ("second", 100, 9, "length")
    with pytest.raises(MalformedReply, match="replay exhausted after 2 replies"):
        b.chat(MSG, GenParams())


def test_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "r.jsonl"
    f.write_text('"a"\n\n{"text": "b"}\n')
    b = get_backend(f"replay:{f}", load_settings())
    assert [b.chat(MSG, GenParams()).text for _ in range(2)] == ["a", "b"]


def test_trace_reproduces_llm_events(tmp_path: Path) -> None:
    events = [
        {"event": "start", "time": 0.0, "spec": "s", "problem_id": None, "top": "t", "model": "local:x", "config": {}},
        {"event": "llm", "time": 1.0, "purpose": "draft", "messages": [{"role": "user", "content": "q"}],
         "reply": "```verilog\nmodule t; endmodule\n```", "prompt_tokens": 321, "completion_tokens": 12, "latency": 3.2},
        {"event": "check", "time": 2.0, "iteration": 1, "ok": False, "diagnostics": []},
        {"event": "llm", "time": 3.0, "purpose": "repair", "messages": [], "reply": "fixed",
         "prompt_tokens": 400, "completion_tokens": 1, "latency": 1.0},
        {"event": "result", "time": 4.0, "status": "failed", "verified": False},
    ]
    f = tmp_path / "trace.jsonl"
    f.write_text("".join(json.dumps(e) + "\n" for e in events))
    b = get_backend(f"replay:{f}", load_settings())
    r = b.chat(MSG, GenParams())
    assert r.text.startswith("```verilog") and r.usage.prompt_tokens == 321 and r.usage.completion_tokens == 12
    assert b.chat(MSG, GenParams()).text == "fixed"
    with pytest.raises(MalformedReply, match="after 2"):
        b.chat(MSG, GenParams())


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="not found"):
        get_backend(f"replay:{tmp_path / 'none.json'}", load_settings())
    bad = tmp_path / "bad.json"
    bad.write_text('[1, 2]')
    with pytest.raises(BadInput, match="item 1"):
        get_backend(f"replay:{bad}", load_settings())
    broken = tmp_path / "broken.jsonl"
    broken.write_text('"ok"\n{nope\n')
    with pytest.raises(BadInput, match=":2: not JSON"):
        get_backend(f"replay:{broken}", load_settings())
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    with pytest.raises(BadInput, match="no replies"):
        get_backend(f"replay:{empty}", load_settings())
