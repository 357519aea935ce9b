"""Alternative spec notations of the built-in suite (``spec.<style>.md`` beside ``spec.md``).

Each alternative states the same module, ports and behaviour as ``spec.md`` in another notation:
``prose`` (ports only in sentences), ``sections`` (``Module name:`` / ``Input ports:`` /
``Output ports:``), ``table`` (a markdown port table) and ``parens`` (``- input name (N bits)`` with
the one-bit-unless-specified sentence). The interface read from each must equal the reference's ports.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from veriagent.agent.spec import interface_from_spec
from veriagent.hdl.interface import extract_interface

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "datasets" / "hdlbits-style"
STYLES = {"prose": "prose", "sections": "sections", "table": "table", "parens": "list"}
"""style -> the ``Interface.source`` the extractor must report for it."""

# The fixed 30-problem subset of benchmarks/agent_vs_single.py (checked against it below).
SUBSET = (
    "therm8 universal_shift_4 popcount8 regfile_2r1w sat_add8 add8_overflow fsm_vending20 kmap_mev "
    "cmp_signed_mode8 sub8_borrow fifo_count_8 dec3to8_en_n sign_extend12 rise_capture_clr reg32_byte_en "
    "counter_mod12 fsm_seq_1001_moore_nonovl mux_onehot_andor gates_basic2 rise_detect_8 uart_rx_8e1 "
    "kmap_bcd_prime tick_div6 pipe_mac3 fsm_turnstile lfsr8_galois valid_ready_slice dff4_async_rst_n "
    "fsm_elevator2 mux9_default"
).split()
WITH_STYLES = sorted({p.parent.name for p in SUITE.glob("*/spec.*.md")} | set(SUBSET))
CASES = [(pid, style) for pid in WITH_STYLES for style in STYLES]


def _ref_ports(pid: str) -> list[tuple[str, str, int]]:
    iface = extract_interface((SUITE / pid / "ref.v").read_text())
    return [(p.name, p.direction, p.width) for p in iface.ports]


def _style_text(pid: str, style: str) -> str:
    return (SUITE / pid / f"spec.{style}.md").read_text(encoding="utf-8")


def test_subset_is_the_benchmark_subset() -> None:
    path = ROOT / "benchmarks" / "agent_vs_single.py"
    spec = importlib.util.spec_from_file_location("agent_vs_single", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert [p["id"] for p in mod.select()] == SUBSET


def test_every_style_file_belongs_to_a_known_style() -> None:
    found = {p.name.split(".")[1] for p in SUITE.glob("*/spec.*.md")}
    assert found == set(STYLES), found


@pytest.mark.parametrize(("pid", "style"), CASES, ids=lambda x: str(x))
def test_style_file_names_every_reference_port(pid: str, style: str) -> None:
    path = SUITE / pid / f"spec.{style}.md"
    assert path.is_file(), f"{path} is missing"
    text = _style_text(pid, style)
    words = set(re.findall(r"[A-Za-z_]\w*", text))
    missing = [name for name, _, _ in _ref_ports(pid) if name not in words]
    assert not missing, f"{path.name} never names ports {missing}"
    assert "top_module" in words
    assert not re.search(r"^\s*[-*]\s*`(input|output|inout)\b", text, re.M), "house-style port bullets left"


@pytest.mark.parametrize(("pid", "style"), CASES, ids=lambda x: str(x))
def test_style_interface_equals_reference(pid: str, style: str) -> None:
    iface = interface_from_spec(_style_text(pid, style), None)
    assert iface is not None, "no interface found"
    assert iface.module == "top_module"
    got = [(p.name, p.direction, p.width) for p in iface.ports]
    ref = _ref_ports(pid)
    if style in ("sections", "prose"):  # grouped by direction / in the order the sentences name them
        assert sorted(got) == sorted(ref)
    else:
        assert got == ref
    assert getattr(iface, "source", None) == STYLES[style]
