"""fake: backends: deterministic replies for offline end-to-end tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from veriagent.agent.fake_rtl import tie_outputs_module
from veriagent.config import load_settings
from veriagent.llm.base import GenParams, Message, ModelNotFound
from veriagent.llm.registry import get_backend

HEADER = """Implement the module below.

```verilog
module shift_acc #(parameter W = 8) (
    input  wire         clk,
    input  wire         rst_n,   // active low
    input  wire [W-1:0] din,
    output reg  [W-1:0] acc,
    output logic        full,
    output wire signed [3:0] delta
);
```
Do not change the port list."""


def _code(text: str) -> str:
    assert "```verilog" in text
    return text.split("```verilog", 1)[1].split("```", 1)[0]


def test_echo_ports_copies_header_and_ties_outputs() -> None:
    b = get_backend("fake:echo-ports", load_settings())
    msgs = [Message("system", "module decoy(input x, output y);"), Message("user", HEADER)]
    r = b.chat(msgs, GenParams())
    code = _code(r.text)
    assert "module shift_acc #(parameter W = 8)" in code
    for line in ("assign acc = 0;", "assign full = 0;", "assign delta = 0;"):
        assert line in code
    assert "assign din" not in code and "decoy" not in code
    assert "output [W-1:0] acc" in code and "output signed [3:0] delta" in code and "reg" not in code
    assert r.finish_reason == "stop" and r.usage.prompt_tokens > 20 and r.usage.completion_tokens > 5
    assert b.chat(msgs, GenParams()).text == r.text  # deterministic


@pytest.mark.sim
def test_echo_ports_reply_compiles_with_icarus(tmp_path: Path) -> None:
    code = tie_outputs_module(HEADER)
    assert code is not None
    src = tmp_path / "d.sv"
    src.write_text(code)
    iverilog = shutil.which("iverilog")
    assert iverilog
    r = subprocess.run([iverilog, "-g2012", "-o", str(tmp_path / "a.out"), str(src)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr + code


def test_echo_ports_without_header_gives_no_code() -> None:
    r = get_backend("fake:echo-ports", load_settings()).chat([Message("user", "make me a counter")], GenParams())
    assert "```" not in r.text and "module" not in r.text.lower().replace("module header", "")


def test_empty_and_loop() -> None:
    s = load_settings()
    r = get_backend("fake:empty", s).chat([Message("user", HEADER)], GenParams())
    assert "```" not in r.text and r.finish_reason == "stop"
    loop = get_backend("fake:loop", s).chat([Message("user", HEADER)], GenParams(max_tokens=50))
    assert loop.finish_reason == "length"
    assert loop.usage.completion_tokens == 50 and "endmodule" not in loop.text


def test_unknown_fake_lists_known() -> None:
    with pytest.raises(ModelNotFound, match="echo-ports"):
        get_backend("fake:oracle", load_settings())


def test_chat_many_keeps_order_and_sends_concurrency_requests_at_once() -> None:
    import threading
    import time

    from veriagent.llm.base import GenParams, Message, Reply, chat_many

    class Slow:
        name = "slow"

        def __init__(self, concurrency: int) -> None:
            self.concurrency = concurrency
            self.now = self.peak = 0
            self.lock = threading.Lock()

        def chat(self, messages: list[Message], params: GenParams) -> Reply:
            with self.lock:
                self.now += 1
                self.peak = max(self.peak, self.now)
            time.sleep(0.05)
            with self.lock:
                self.now -= 1
            return Reply(text=messages[-1].content)

    reqs = [([Message("user", str(k))], GenParams()) for k in range(8)]
    for conc, peak in ((1, 1), (4, 4)):
        backend = Slow(conc)
        assert [r.text for r in chat_many(backend, reqs)] == [str(k) for k in range(8)]
        assert backend.peak == peak
