"""Tests for veriagent.bench.judge on the mini suite and the synthetic external-format fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.bench.judge import judge_candidates, verdict_text
from veriagent.bench.models import Candidate
from veriagent.bench.suite import load_suite

DATA = Path(__file__).parent / "data"


def _problems(sub: str) -> dict:  # type: ignore[type-arg]
    return {p.id: p for p in load_suite(DATA / sub).problems}


def _c(src: str, i: int = 0) -> Candidate:
    return Candidate(problem="x", sample=i, source=src)


def test_verdict_text_detection() -> None:
    assert verdict_text('module m; initial $display("Mismatches: 0 in 10 samples"); endmodule')
    assert verdict_text('module m; initial $display("design check Passed"); endmodule')
    assert verdict_text("module m(input a, output y); // Passed\n assign y = a; endmodule") is None


@pytest.mark.sim
def test_equivalence_judge_on_mini_suite(tmp_path: Path) -> None:
    probs = _problems("mini_suite")
    p = probs["counter4"]
    good = p.ref_path.read_text()  # type: ignore[union-attr]
    res = judge_candidates(p, [_c(good, 0), _c(good.replace("4'd1", "4'd2"), 1), _c("", 2)], seed=3,
                           workdir=tmp_path / "w", waves=True)
    assert [r.sample for r in res] == [0, 1, 2] and all(r.judge == "equivalence" for r in res)
    assert res[0].passed and res[0].samples > 200
    assert res[1].category == "functional-mismatch" and res[1].window
    assert res[2].category == "no-code"
    assert res[0].vcd is not None and Path(res[0].vcd).is_file()
    from vcdread import vcd_window

    wd = vcd_window(Path(res[0].vcd), ["va_clk", "va_ref__q", "nope"], 0, 60000)
    assert [s["name"] for s in wd["signal"]] == ["va_clk", "va_ref__q"] and wd["missing"] == ["nope"]
    clk = wd["signal"][0]["wave"]
    assert set(clk) <= {"0", "1", "."} and "1" in clk and len(clk) == len(wd["times"])
    vac = judge_candidates(probs["xout"], [_c(probs["xout"].ref_path.read_text())])[0]
    assert not vac.passed and vac.category == "vacuous"


@pytest.mark.sim
def test_user_tests_mode() -> None:
    p = _problems("mini_suite")["add4"]
    good = p.ref_path.read_text()  # type: ignore[union-attr]
    res = judge_candidates(p, [_c(good), _c(good.replace("a + b", "a - b"), 1)], judge="user-tests", timeout=60)
    assert res[0].passed and res[0].judge == "user-tests"
    assert not res[1].passed and res[1].category == "functional-mismatch" and res[1].mismatches == {"adds": 1}
    none = judge_candidates(_problems("mini_suite")["counter4"], [_c(good)], judge="user-tests")[0]
    assert none.category == "harness-error" and "no user tests" in none.reason


@pytest.mark.sim
def test_verilogeval_suite_and_equivalence() -> None:
    probs = _problems("fixtures/verilogeval")
    p = probs["Prob001_and_gate"]
    good = "module TopModule(input a, input b, output out);\n  assign out = a & b;\nendmodule\n"
    bad = good.replace("a & b", "a | b")
    cheat = good.replace("endmodule", 'initial $display("Mismatches: 0 in 16 samples");\nendmodule')
    hang = good.replace("endmodule", "reg t;\nalways @(a) while (1) t = ~t;\nendmodule")
    broken = good.replace("assign", "asign")
    res = judge_candidates(p, [_c(s, i) for i, s in enumerate([good, bad, cheat, hang, broken])],
                           judge="suite", timeout=4)
    assert res[0].passed and res[0].samples == 16
    assert res[1].category == "functional-mismatch" and res[1].suite_category == "mismatch"
    assert res[1].mismatches == {"out": 8}
    assert res[2].category == "rejected" and not res[2].passed
    assert res[3].category == "timeout"
    assert res[4].category == "compile-error" and res[4].suite_category == "compile-error"
    eq = judge_candidates(p, [_c(good), _c(bad, 1)])
    assert eq[0].passed and eq[1].category == "functional-mismatch"  # clock-less: inferred combinational
    q = probs["Prob002_count3"]
    cnt = q.ref_path.read_text().replace("RefModule", "TopModule")  # type: ignore[union-attr]
    assert judge_candidates(q, [_c(cnt)], judge="suite")[0].passed
    eqc = judge_candidates(q, [_c(cnt), _c(cnt.replace("reset) q", "!reset) q"), 1)])
    assert eqc[0].passed and not eqc[1].passed  # clock and reset inferred from the reference


@pytest.mark.sim
def test_rtllm_suite_with_data_file_and_missing_ref() -> None:
    probs = _problems("fixtures/rtllm")
    p = probs["adder4_add"]
    good = "module adder4_add(input [3:0] x, input [3:0] y, output [4:0] s);\n  assign s = x + y;\nendmodule\n"
    bad = good.replace("x + y", "x ^ y")
    cheat = good.replace("endmodule", 'initial $display("Passed");\nendmodule')
    res = judge_candidates(p, [_c(good), _c(bad, 1), _c(cheat, 2)], judge="suite")
    assert res[0].passed, res[0].log  # needs vectors.dat copied next to the simulation
    assert res[1].category == "functional-mismatch" and "Failed" in res[1].reason
    assert res[2].category == "rejected"
    b = probs["blink_toggle"]
    tog = b.ref_path.read_text().replace("verified_blink_toggle", "blink_toggle")  # type: ignore[union-attr]
    both = judge_candidates(b, [_c(tog)], judge="suite") + judge_candidates(b, [_c(tog)])
    assert all(r.passed for r in both)
    n = probs["noref_parity"]
    r = judge_candidates(n, [_c("module noref_parity(input [7:0] d, output p); assign p = ^d; endmodule")])[0]
    assert r.category == "harness-error" and "no reference" in r.reason
