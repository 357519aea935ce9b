"""The agent with the real local model (slow: runs llama.cpp on the CPU)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from veriagent.agent.loop import run_agent
from veriagent.agent.spec import interface_from_spec
from veriagent.bench.models import DesignerView
from veriagent.config import AgentConfig, load_settings
from veriagent.hdl.check import check_source
from veriagent.hdl.interface import extract_interface

pytestmark = [pytest.mark.slow, pytest.mark.sim]

SPEC = """Implement a module named `mux2x4`: a 2-to-1 multiplexer for 4-bit values.
When `sel` is 0 the output `y` equals `a`; when `sel` is 1 it equals `b`. Purely combinational.

Ports:
- `input [3:0] a` — selected when sel is 0
- `input [3:0] b` — selected when sel is 1
- `input sel` — select
- `output [3:0] y` — the selected value
"""


def test_real_local_model_designs_a_mux(real_cache_dir: Path, tmp_path: Path) -> None:
    settings = load_settings()
    model_file = settings.models_dir / "qwen2.5-coder-1.5b.gguf"
    if not model_file.is_file():
        pytest.skip(f"local model not pulled ({model_file} missing): run `veriagent models pull qwen2.5-coder-1.5b`")
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python not installed: run `make llama`")
    from veriagent.llm.registry import get_backend

    backend = get_backend("local:qwen2.5-coder-1.5b", settings)
    cfg = AgentConfig(max_iters=3, max_reply_tokens=700, max_tokens=20_000)
    res = run_agent(DesignerView(id="mux2x4", spec=SPEC, top="mux2x4"), backend, cfg, tmp_path / "run")
    print(res.model_dump_json(indent=2, exclude={"history", "rtl"}))
    assert res.rtl is not None, res.reason
    assert res.prompt_tokens + res.completion_tokens <= cfg.max_tokens + cfg.max_reply_tokens
    assert res.iterations <= cfg.max_iters
    # at least a design that compiles, lints without errors and has the spec's ports
    assert check_source(res.rtl, "mux2x4", filename="design.v").ok
    required = interface_from_spec(SPEC, "mux2x4")
    assert required is not None and extract_interface(res.rtl, "mux2x4").diff(required) == []
    if res.status == "verified":
        assert res.tests_total > 0 and res.tests_passed == res.tests_total
