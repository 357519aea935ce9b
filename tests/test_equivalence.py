"""Tests for the equivalence judge (veriagent.sim.equivalence + testbenches/equivalence_tb.py)."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest

from veriagent import resources
from veriagent.sim.equivalence import (
    EqCandidate,
    EqOutcome,
    EquivalenceJudge,
    group_timeout,
    make_wrapper,
    rename_modules,
    solo_timeout,
)
from veriagent.sim.models import ClockSpec, ResetSpec, StimulusSpec

MINI = Path(__file__).parent / "data" / "mini_suite"
COUNTER = (MINI / "counter4" / "ref.v").read_text()
ADD4 = (MINI / "add4" / "ref.v").read_text()

GOOD_WITH_SUB = """
// the same submodule name in two candidates must not clash
module top_module(input clk, input reset, input en, output [3:0] q);
  sub s (.clk(clk), .reset(reset), .en(en), .q(q));
endmodule
module sub(input clk, input reset, input en, output reg [3:0] q);
  always @(posedge clk) begin if (reset) q <= 4'd0; else if (en) q <= q + 4'd1; end
endmodule
"""
OTHER_SUB = GOOD_WITH_SUB.replace("q + 4'd1", "q + 4'd3")  # a wrong design with the same `sub` name
PLUS2 = COUNTER.replace("q + 4'd1", "q + 4'd2")
NEGEDGE = COUNTER.replace("posedge", "negedge")
LOOP = COUNTER.replace("endmodule", "  reg t;\n  always @(en) while (1) t = ~t;\nendmodule")
FLOOD = COUNTER.replace("endmodule", "  always @(en) while (1) $display(\"flood flood flood\");\nendmodule")
WIDE = COUNTER.replace("output reg [3:0] q", "output reg [4:0] q")
NONAME = COUNTER.replace("module top_module", "module counter")
BROKEN = "module top_module(input clk, input reset, input en, output reg [3:0] q);\n  always @(posedge clk) q <= ;\nendmodule\n"
NEVER = "module top_module(input clk, input reset, input en, output reg [3:0] q);\nendmodule\n"
UNDRIVEN = NEVER.replace("output reg", "output")  # all outputs z: Icarus drops the packed net


def _judge(tmp_path: Path, ref: str, cands: dict[str, str], *, clock: bool = True, reset: bool = True,
           timeout: float = 20, stimulus: StimulusSpec | None = None, sub: str = "w") -> dict[str, EqOutcome]:
    j = EquivalenceJudge(ref, "top_module", "top_module", clock=ClockSpec() if clock else None,
                         reset=ResetSpec() if reset else None, stimulus=stimulus or StimulusSpec(cycles=100),
                         seed=7, workdir=tmp_path / sub, timeout=timeout, batch_size=20)
    outs = j.judge([EqCandidate(k, v) for k, v in cands.items()])
    return {o.key: o for o in outs}


def test_rename_modules_consistently() -> None:
    text, mapping = rename_modules(GOOD_WITH_SUB, "c3_")
    assert mapping == {"top_module": "c3_top_module", "sub": "c3_sub"}
    assert "module c3_top_module" in text and "module c3_sub" in text
    assert "c3_sub s (" in text
    assert ".clk(clk)" in text  # port connections untouched
    pkg, m = rename_modules("package p; endpackage\nmodule t import p::*; (input a); endmodule", "x_")
    assert "package x_p" in pkg and "x_p::*" in pkg and m["t"] == "x_t"


def test_wrapper_avoids_name_clashes() -> None:
    from veriagent.hdl.interface import extract_interface

    iface = extract_interface("module top_module(input a, output out, output all); endmodule")
    text, ins, outs = make_wrapper(iface, "ref_top_module", [("c0", "c0_top_module")], None)
    assert "va_all_ref" in text and "va_ref__out" in text and "va_c0__all" in text
    assert [i["name"] for i in ins] == ["a"] and [o["name"] for o in outs] == ["out", "all"]


@pytest.mark.sim
def test_sequential_batch_verdicts_and_independence(tmp_path: Path) -> None:
    sim_cands = {"good": COUNTER, "good_sub": GOOD_WITH_SUB, "other_sub": OTHER_SUB, "plus2": PLUS2,
                 "negedge": NEGEDGE, "never": NEVER, "undriven": UNDRIVEN}
    alone = _judge(tmp_path, COUNTER, sim_cands, sub="a")
    assert all(o.batch_size == len(sim_cands) for o in alone.values())  # one simulation for all seven
    assert alone["good"].passed and alone["good_sub"].passed and alone["good"].category is None
    for k in ("other_sub", "plus2", "negedge", "never", "undriven"):
        assert not alone[k].passed and alone[k].category == "functional-mismatch", k
    p2 = alone["plus2"]
    assert p2.mismatches.get("q", 0) > 0 and p2.first_mismatch_time is not None
    assert len(p2.window) == 8
    bad_rows = [r for r in p2.window if r.mismatch]
    assert bad_rows and bad_rows[0].time == p2.first_mismatch_time
    assert "clk" in bad_rows[0].inputs and bad_rows[0].expected["q"] != bad_rows[0].actual["q"]
    assert alone["never"].window[-1].actual["q"] == "4'bxxxx"  # X where the reference is known
    assert alone["undriven"].window[-1].actual["q"] == "4'bzzzz"

    # Same candidates next to a looping one, a flooding one and screening failures. The configured
    # timeout is generous (60 s): the adaptive one (from the reference-only run) must cut the loop short.
    noisy = {**sim_cands, "loop": LOOP, "flood": FLOOD, "wide": WIDE, "noname": NONAME, "broken": BROKEN,
             "empty": "  \n", "binary": "\x00\x01module"}
    j = EquivalenceJudge(COUNTER, "top_module", "top_module", clock=ClockSpec(), reset=ResetSpec(),
                         stimulus=StimulusSpec(cycles=100), seed=7, workdir=tmp_path / "b", timeout=60,
                         batch_size=20)
    mixed = {o.key: o for o in j.judge([EqCandidate(k, v) for k, v in noisy.items()])}
    for k in sim_cands:
        a, b = alone[k], mixed[k]
        assert (a.passed, a.category, a.mismatches, a.first_mismatch_time, a.samples) == \
            (b.passed, b.category, b.mismatches, b.first_mismatch_time, b.samples), k
    assert mixed["loop"].category == "timeout" and "did not finish" in mixed["loop"].reason
    assert mixed["loop"].batch_size == 1
    t_ref = j.calibrate()
    assert t_ref is not None and t_ref < 60
    limit = solo_timeout(t_ref, 60)
    assert limit < 60 and f"within {limit:.0f} s" in mixed["loop"].reason
    # Bisection: the 8 shared candidates (7 + loop) fail as a batch, then halves 4 + 4; the half
    # without the loop keeps its verdicts from one run (batch_size > 1), instead of 8 solo re-runs.
    assert any(1 < mixed[k].batch_size < 8 for k in sim_cands)
    # batch 8, reference-only, 4 + 4, then 2 + 2, then 2 solos; plus flood alone
    assert j.simulations <= 10
    assert mixed["flood"].category in ("timeout", "runtime-error") and not mixed["flood"].passed
    assert mixed["flood"].batch_size == 1  # a candidate that prints runs alone
    assert mixed["wide"].category == "port-mismatch" and "5 bit(s) wide, expected 4" in mixed["wide"].reason
    assert mixed["noname"].category == "port-mismatch" and "no module `top_module`" in mixed["noname"].reason
    assert mixed["broken"].category == "compile-error" and mixed["broken"].diagnostic_category == "syntax"
    assert mixed["empty"].category == "no-code" and mixed["binary"].category == "no-code"
    for k in ("wide", "noname", "broken", "empty"):
        assert mixed[k].batch_size == 0  # never simulated


# Directives that must not leak from one candidate to the next in a batch: a macro (which the next
# candidate tests with `ifdef) and `default_nettype none (the next one uses an implicit net).
LEAKY = "`default_nettype none\n`define STEP 4'd2\n" + COUNTER
USES_IFDEF = COUNTER.replace("q + 4'd1", "q + `INC").replace(
    "module top_module", "`ifdef STEP\n`define INC 4'd2\n`else\n`define INC 4'd1\n`endif\nmodule top_module")
IMPLICIT_NET = COUNTER.replace("endmodule", "  assign implicit_net = en;\nendmodule")
PER_RUN = {"seconds", "log", "batch_size", "vcd", "key"}
"""Fields that may differ between a batched and a solo run: timing, tool output, batch bookkeeping."""


@pytest.mark.sim
def test_batched_and_solo_verdicts_agree_field_by_field(tmp_path: Path) -> None:
    cands = {"leaky": LEAKY, "uses_ifdef": USES_IFDEF, "implicit": IMPLICIT_NET, "plus2": PLUS2,
             "never": NEVER, "leaky_wrong": "`define STEP 4'd3\n" + PLUS2, "ifdef_again": USES_IFDEF}
    runs = {}
    for bs in (20, 1):
        j = EquivalenceJudge(COUNTER, "top_module", "top_module", clock=ClockSpec(), reset=ResetSpec(),
                             stimulus=StimulusSpec(cycles=100), seed=7, workdir=tmp_path / f"bs{bs}", timeout=20,
                             batch_size=bs)
        runs[bs] = {o.key: o for o in j.judge([EqCandidate(k, v) for k, v in cands.items()])}
    assert {o.batch_size for o in runs[20].values()} == {len(cands)}  # really one simulation
    assert {o.batch_size for o in runs[1].values()} == {1}
    for k in cands:
        assert runs[20][k].model_dump(exclude=PER_RUN) == runs[1][k].model_dump(exclude=PER_RUN), k
    assert [k for k in cands if runs[1][k].passed] == ["leaky", "uses_ifdef", "implicit", "ifdef_again"]
    assert runs[20]["plus2"].window and runs[20]["plus2"].mismatches["q"] > 0  # compared fields are not empty


def test_adaptive_timeout_rules() -> None:
    """Properties, not the constants: timeouts grow with the reference's time and the batch, stay
    within the configured cap, and leave a fast reference seconds, not milliseconds."""
    cap = 120.0
    t_refs = [0.001, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 1000.0]
    sizes = [1, 2, 5, 20, 100, 1000, 10_000]
    assert solo_timeout(None, cap) == cap  # no reference timing: the configured timeout
    solo = [solo_timeout(t, cap) for t in t_refs]
    assert solo == sorted(solo) and all(0 < x <= cap for x in solo)  # grows with T_ref, bounded
    assert all(x > t for x, t in zip(solo, t_refs, strict=True) if x < cap)  # room beyond the reference's own time
    assert solo[0] >= 1.0 and solo[-1] == cap  # a fast reference still gets seconds; a slow one the cap
    for cap_ in (10.0, cap):
        for t in [None, *t_refs]:
            grp = [group_timeout(n, t, cap_) for n in sizes]
            assert grp == sorted(grp) and all(0 < x <= cap_ for x in grp), (t, cap_)  # grows with the batch
            assert grp[-1] == cap_  # a huge batch reaches the cap, never more
        for n in sizes:
            grp = [group_timeout(n, t, cap_) for t in t_refs]
            assert grp == sorted(grp), (n, cap_)  # grows with the reference's time
            assert all(x >= min(t, cap_) for x, t in zip(grp, t_refs, strict=True))  # never below the reference's run
    # Before T_ref is known: the slowest recent run stands in for it, and more of it means more time.
    guessed = [group_timeout(20, None, cap, recent=(0.5, r)) for r in (1.0, 2.0, 10.0, 1000.0)]
    assert guessed == sorted(guessed) and guessed[0] < guessed[2] and guessed[-1] == cap
    assert group_timeout(20, None, cap) < cap  # no timing at all: a bounded guess below the cap


@pytest.mark.sim
def test_combinational_exhaustive_finds_single_corner(tmp_path: Path) -> None:
    corner = ADD4.replace("assign sum = a + b;", "assign sum = (a == 4'd15 && b == 4'd15) ? 5'd0 : a + b;")
    res = _judge(tmp_path, ADD4, {"ok": ADD4, "corner": corner}, clock=False, reset=False)
    assert res["ok"].passed and res["ok"].samples == 256  # 8 input bits: all 256 vectors
    c = res["corner"]
    assert not c.passed and c.mismatches == {"sum": 1}
    row = next(r for r in c.window if r.mismatch)
    assert row.inputs == {"a": "4'b1111", "b": "4'b1111"} and row.expected["sum"] == "5'b11110"


@pytest.mark.sim
def test_always_star_candidate_sees_the_first_all_zero_vector(tmp_path: Path) -> None:
    """A procedural `always @(*)` design must be evaluated for the first vector too (all zeros)."""
    ref = "module top_module(input a, input b, output y);\n  assign y = ~(a | b);\nendmodule\n"
    star = "module top_module(input a, input b, output reg y);\n  always @(*) y = ~(a | b);\nendmodule\n"
    res = _judge(tmp_path, ref, {"star": star}, clock=False, reset=False)
    assert res["star"].passed, res["star"].reason


@pytest.mark.sim
def test_dont_care_until_first_edge_and_vacuous(tmp_path: Path) -> None:
    dff = (MINI / "dff_noreset" / "ref.v").read_text()
    init0 = dff.replace("output reg q);", "output reg q);\n  initial q = 1'b0;")
    inverted = dff.replace("q <= d", "q <= ~d")
    res = _judge(tmp_path, dff, {"same": dff, "init0": init0, "inv": inverted}, reset=False, sub="d",
                 stimulus=StimulusSpec(cycles=40))
    assert res["same"].passed and res["init0"].passed  # reference X at start = don't care
    assert 0 < res["same"].dont_care_share["q"] < 0.1
    assert res["inv"].category == "functional-mismatch"
    xref = (MINI / "xout" / "ref.v").read_text()
    vac = _judge(tmp_path, xref, {"same": xref, "other": ADD4.replace("[3:0]", "[1:0]").replace("[4:0] sum", "[1:0] y").replace("a + b", "~a").replace("sum", "y").replace("input [1:0] b, ", "")},
                 clock=False, reset=False, sub="v")
    for o in vac.values():
        assert not o.passed and o.category == "vacuous" and "X/Z" in o.reason
        assert o.dont_care_share["y"] == 1.0


def _stimulus_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("equivalence_tb", resources.testbenches_dir() / "equivalence_tb.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_stimulus_respects_constraints_and_seed() -> None:
    tb = _stimulus_module()
    inputs = [
        {"name": "reset", "width": 1, "offset": 14, "one_hot": False, "stable": False, "lo": None, "hi": None},
        {"name": "sel", "width": 4, "offset": 10, "one_hot": True, "stable": False, "lo": None, "hi": None},
        {"name": "mode", "width": 2, "offset": 8, "one_hot": False, "stable": True, "lo": None, "hi": None},
        {"name": "addr", "width": 8, "offset": 0, "one_hot": False, "stable": False, "lo": 3, "hi": 9},
    ]
    cfg = {"seed": 5, "inputs": inputs, "reset": {"name": "reset", "active_low": False, "cycles": 2},
           "stimulus": StimulusSpec(cycles=300, random_resets=False).model_dump()}
    prog = tb.Stimulus(cfg).sequential()
    assert [r for _, r in prog[:2]] == [True, True] and not any(r for _, r in prog[2:])
    for vec, rst in prog:
        assert vec["reset"] == int(rst)
        assert vec["sel"] in (1, 2, 4, 8)
        assert 3 <= vec["addr"] <= 9
    assert len({vec["mode"] for vec, _ in prog}) == 1  # stable without resets
    assert {vec["addr"] for vec, _ in prog} == set(range(3, 10))
    assert prog == tb.Stimulus(cfg).sequential()  # same seed, same program
    cfg2 = {**cfg, "stimulus": StimulusSpec(cycles=300, random_resets=True).model_dump()}
    prog2 = tb.Stimulus(cfg2).sequential()
    assert sum(r for _, r in prog2[2:]) > 0  # random resets happen


def test_rare_inputs_change_mid_run_at_their_rate() -> None:
    tb = _stimulus_module()
    inputs = [
        {"name": "cs_n", "width": 1, "offset": 8, "one_hot": False, "stable": False, "lo": None, "hi": None,
         "rare": 0.05},
        {"name": "d", "width": 8, "offset": 0, "one_hot": False, "stable": False, "lo": None, "hi": None},
    ]
    cfg = {"seed": 3, "inputs": inputs, "reset": None,
           "stimulus": StimulusSpec(cycles=2000, random_resets=False).model_dump()}
    prog = tb.Stimulus(cfg).sequential()
    ones = [i for i, (vec, _) in enumerate(prog) if vec["cs_n"] == 1]
    assert 0.02 < len(ones) / len(prog) < 0.09  # about 5 %, directed vectors included
    assert max(b - a for a, b in itertools.pairwise(ones)) > 40  # long stretches with cs_n low
    with pytest.raises(ValueError, match="between 0 and 1"):
        StimulusSpec(rare={"cs_n": 1.5})
