"""Bench reports (issue 15): compile failures name their line, the HTML links each failing unit's
candidate, log and VCD, wide buses show in hex with the full value on hover, and `bench compare`
headlines pass@1 over the units both runs have."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veriagent.bench.compare import compare_runs
from veriagent.bench.report import bus_display, waveform_svg
from veriagent.bench.runner import run_bench
from veriagent.bench.store import load_records
from veriagent.bench.suite import load_suite
from veriagent.cli import app
from veriagent.sim.models import MismatchRow

SUITE = Path(__file__).parent / "data" / "bench_suite"
AND_OR_BAD = """module top_module(input [1:0] a, input [1:0] b, output [1:0] y, output [1:0] z);
  assign y = a | b;
  assign z = a | b;
endmodule
"""
CNT3_SYNTAX = """module top_module(input clk, input reset, input en, output reg [2:0] q);
  always @(posedge clk) q <= q + 1
endmodule
"""


def _cands(root: Path) -> Path:
    for rel, text in (("and_or/0.v", AND_OR_BAD), ("cnt3/0.v", CNT3_SYNTAX)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.mark.sim
def test_compile_failure_names_its_line_and_html_links_unit_files(tmp_path: Path) -> None:
    out = tmp_path / "run"
    run_bench(load_suite(SUITE), candidates=_cands(tmp_path / "c"), out_dir=out, filter="^(and_or|cnt3)$",
              jobs=1, progress=False, waves=True)
    recs = {r.problem: r for r in load_records(out)}
    # was: "does not compile: syntax error" with no place
    assert re.match(r"^does not compile: candidate\.s?v:3: \S", recs["cnt3"].reason), recs["cnt3"].reason
    html = (out / "report.html").read_text()
    links = re.findall(r"href='(units/[^']+)'", html)
    assert "units/and_or/0/candidate.v" in links and "units/and_or/0/equivalence.log" in links
    assert "units/and_or/0/equivalence.vcd" in links
    assert all((out / link).is_file() for link in links)  # only files that exist are linked


def test_wide_bus_values_in_hex_with_the_full_value_on_hover() -> None:
    assert bus_display("8'b11111111") == "8'hff"
    assert bus_display("8'b1111x111") == "8'hfx"
    assert bus_display("6'b101010") == "6'h2a"
    assert bus_display("8'bzzzz0001") == "8'hz1"
    for same in ("4'b1010", "1", "x", "16'h00ff"):
        assert bus_display(same) == same
    rows = [MismatchRow(time="4ns", inputs={"a": "8'b11111111"}, expected={"y": "8'b00000001"},
                        actual={"y": "8'b1000000x"}, mismatch=["y"])]
    svg = waveform_svg(rows)
    assert ">8&#x27;hff</text>" in svg and "<title>8&#x27;b11111111</title>" in svg  # was: cut "8'b11111…"
    assert ">8&#x27;h8x</text>" in svg


@pytest.mark.sim
def test_compare_headline_over_common_units(tmp_path: Path) -> None:
    suite = load_suite(SUITE)
    a, b = tmp_path / "a", tmp_path / "b"
    run_bench(suite, candidates="reference", out_dir=a, filter="^(and_or|cnt3)$", jobs=1, progress=False)
    run_bench(suite, candidates=_cands(tmp_path / "c"), out_dir=b, filter="^and_or$", jobs=1, progress=False)
    cmp = compare_runs(a, b)
    assert (cmp.units_a, cmp.units_b, cmp.common) == (2, 1, 1)
    assert cmp.common_pass_at_1_a == 1.0 and cmp.common_pass_at_1_b == 0.0
    r = CliRunner().invoke(app, ["bench", "compare", str(a), str(b)], env={"COLUMNS": "300"})
    first = r.stdout.splitlines()[0]
    assert first == ("judge equivalence, over the 1 units in common: pass@1 A 100.0% (1 passed) -> "
                     "B 0.0% (0 passed)")
    assert "whole runs: A 100.0% over 2 units, B 0.0% over 1 units (not comparable)" in r.stdout
    data = json.loads(CliRunner().invoke(app, ["bench", "compare", str(a), str(b), "--json"]).stdout)
    assert data["common_passed_a"] == 1
