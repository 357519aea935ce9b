"""The mutation helper: mutants are well formed, and the judge catches every non-equivalent one."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.bench.suite import load_suite
from veriagent.hdl import tools
from veriagent.train.mutate import check_problem, mutants, yosys_equivalent

REPO = Path(__file__).resolve().parent.parent
BUILTIN = REPO / "datasets" / "hdlbits-style"

SRC = """module top_module(input clk, input reset, input [3:0] a, input [3:0] b, output reg [3:0] q, output y);
  // a comment with & and + that must not be mutated
  assign y = (a < b) && (a != 4'd3);
  always @(posedge clk) begin
    if (reset) q <= 4'b0000;
    else q <= a[3:1] + b;
  end
endmodule
"""


def test_mutants_cover_each_kind_once_per_site() -> None:
    ms = mutants(SRC)
    kinds = {m.kind for m in ms}
    assert {"operator", "compare", "constant", "condition", "range"} <= kinds
    assert len({m.source for m in ms}) == len(ms)
    assert all(m.source != SRC for m in ms)
    assert all("a comment with & and + that" in m.source for m in ms)  # comments untouched
    assert any("(a <= b)" in m.source for m in ms) and any("(a != 4'd3) || " not in m.source for m in ms)
    assert any("if ((!(reset)))" in m.source or "if (!(reset))" in m.source for m in ms)
    assert any("a[3:2]" in m.source or "a[4:1]" in m.source for m in ms)
    assert any("4'b0001" in m.source for m in ms)
    # the non-blocking assignment `q <= ...` is never turned into a comparison
    assert not any("q < a" in m.source or "q < 4'b" in m.source for m in ms)
    assert len(mutants(SRC, limit=5)) == 5


@pytest.mark.sim
@pytest.mark.skipif(tools.locate("yosys") is None, reason="yosys not installed")
def test_yosys_equivalence_decides_both_ways() -> None:
    comb = "module top_module(input [3:0] a, output [3:0] y);\n  assign y = a ^ 4'd5;\nendmodule\n"
    assert yosys_equivalent(comb, comb.replace("a ^ 4'd5", "4'd5 ^ a"), sequential=False) is True
    assert yosys_equivalent(comb, comb.replace("4'd5", "4'd4"), sequential=False) is False
    assert yosys_equivalent(SRC, SRC.replace("4'b0000", "4'b0001"), sequential=True, reset="reset") is False


@pytest.mark.sim
def test_judge_catches_all_non_equivalent_mutants() -> None:
    suite = load_suite(BUILTIN)
    problems = {p.id: p for p in suite.problems}
    total = caught = proved_different = 0
    for pid in ("counter_mod12", "mux4_nibble", "fsm_seq_101_mealy_async", "dff4_async_rst_n"):
        out = check_problem(problems[pid], limit=15, prove_rejected=8)
        assert out.reference_passed, pid
        assert out.misses == [], f"{pid}: the judge missed {[m.description for m in out.misses]}"
        assert out.undecided == [], f"{pid}: yosys could not decide {[m.description for m in out.undecided]}"
        # the other way round: a rejected mutant yosys proves equivalent is a false fail of the judge
        assert out.false_fails == [], f"{pid}: the judge rejected equivalent {[m.description for m in out.false_fails]}"
        assert out.rejected_checked == min(8, out.caught), pid
        proved_different += out.rejected_checked - len(out.rejected_undecided)
        total += out.generated
        caught += out.caught
    assert total >= 30 and caught >= 0.8 * total
    assert proved_different >= 20  # the rejected sample was really decided, not skipped as undecided
