"""Blind selection: behaviour clusters of drafts, reference models, dual agreement (real Icarus + sandbox)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_agent_loop import (
    COUNTER_MODEL,
    GOOD_COUNTER,
    THERM_GOOD,
    THERM_MODEL_GOOD,
    THERM_MODEL_WRONG,
    THERM_SPEC,
    THERM_WRONG,
    UP_ONLY,
    _replay,
    _view,
)

from veriagent.agent.extract import extract_model
from veriagent.agent.loop import run_agent
from veriagent.agent.select import Draft, vote
from veriagent.agent.trace import read_trace
from veriagent.config import AgentConfig
from veriagent.hdl.interface import extract_interface
from veriagent.sim.behaviour import normalise, record

pytestmark = pytest.mark.sim


def _code(reply: str) -> str:
    return reply.split("```")[1].split("\n", 1)[1]


# the same (correct) thermometer model, written another way: an independent second model
THERM_MODEL_GOOD2 = "```python\ndef model(i):\n    n = i['level']\n    return {'bars': sum(1 << k for k in range(n))}\n```"
THERM_WRONG2 = THERM_WRONG.replace("{1'b0, level}", "level")  # the same misreading, other text


def test_wrong_majority_loses_to_the_minority_the_example_and_models_back(tmp_path: Path) -> None:
    # 2 of 3 drafts share a misreading (bars = level); the lone correct draft agrees with the spec's
    # example and with both correct models; the wrong model contradicts the example and does not vote
    replies = [THERM_MODEL_GOOD, THERM_MODEL_WRONG, THERM_MODEL_GOOD2, THERM_WRONG, THERM_WRONG2, THERM_GOOD]
    backend = _replay(tmp_path, replies)
    res = run_agent(_view(THERM_SPEC, "therm"), backend, AgentConfig(samples=3, models=3, max_iters=1),
                    tmp_path / "run")
    assert backend.remaining == 0
    assert res.verified and res.status == "verified" and "(3'b1 << level)" in (res.rtl or "")
    assert res.agreement == "1/3 drafts and 2/3 models agree"
    sel = res.selection
    assert sel is not None and sel["chosen"] == 2 and sel["voting_models"] == [0, 2]
    assert sel["model_notes"][1].startswith("contradicts the spec: spec line")
    sizes = [(len(c["members"]), c["models"], c["examples_ok"]) for c in sel["clusters"]]
    assert sizes == [(1, [0, 2], True), (2, [], False)]
    assert sel["matrix"] == [[True, True], [False, False]]
    d = sel["disagreement"]
    assert d["sample"] == 0 and d["inputs"] == {"level": 2} and d["first"] == {"bars": "3'b011"} \
        and d["second"] == {"bars": "3'b010"}
    events = read_trace(tmp_path / "run")
    assert any(e["event"] == "selection" and e["summary"] == "1/3 drafts and 2/3 models agree" for e in events)
    assert sorted(p.name for p in (tmp_path / "run" / "drafts").iterdir()) == ["d0.v", "d1.v", "d2.v"]
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["selection"]["chosen"] == 2


def test_models_outvote_a_majority_without_examples(tmp_path: Path) -> None:
    # no spec examples for the counter: dual agreement alone (size x models) decides
    iface = extract_interface(_code(GOOD_COUNTER), "counter")
    drafts = [Draft(rtl=_code(UP_ONLY), clean=True), Draft(rtl=_code(UP_ONLY).replace("4'd1", "1"), clean=True),
              Draft(rtl=_code(GOOD_COUNTER), clean=True), Draft(rtl="module counter(", clean=False)]
    model = extract_model(COUNTER_MODEL, True)
    model2 = model.replace("% 16", "& 15")
    sel = vote(drafts, [model, model2], iface, [], tmp_path)
    assert sel.voting == 3 and sel.drafts == 4 and sel.samples >= 1000  # >= 500 cycles, 2 samples each
    assert [c.members for c in sel.clusters] == [[2], [0, 1]]
    assert sel.clusters[0].score == 2 and sel.clusters[1].score == 0 and sel.chosen == 2
    assert sel.summary() == "1/4 drafts and 2/2 models agree"
    # without models the larger cluster wins
    sel = vote(drafts, [], iface, [], tmp_path / "nomodels")
    assert [c.members for c in sel.clusters] == [[0, 1], [2]] and sel.chosen == 1  # its smaller member


X_BASE = "module m(input [1:0] a, output [1:0] y);\n  assign y = {body};\nendmodule\n"


def test_clusters_treat_x_and_z_alike_and_never_as_a_model_value(tmp_path: Path) -> None:
    iface = extract_interface(X_BASE.format(body="a"), "m")
    designs = {
        "plain": X_BASE.format(body="a"),
        "xs": X_BASE.format(body="(a == 2'd3) ? 2'bx1 : a"),
        "zs": X_BASE.format(body="(a == 2'd3) ? 2'bz1 : a"),
        "other": X_BASE.format(body="~a"),
    }
    rec = record(designs, iface, tmp_path, seed=3)
    assert rec.simulations == 1 and not rec.failed and len(rec.samples) == 4  # 2 input bits: exhaustive
    assert normalise("1zXu") == "1xxx"
    three = next(i for i, s in enumerate(rec.samples) if s.inputs["a"] == 3)
    assert rec.outputs["xs"][three] == rec.outputs["zs"][three] == "x1" and rec.outputs["plain"][three] == "11"
    drafts = [Draft(rtl=t, clean=True) for t in designs.values()]
    identity = "def model(i):\n    return {'y': i['a']}\n"
    sel = vote(drafts, [identity], iface, [], tmp_path / "v")
    # x and z drafts form one cluster; it differs from the plain one, and X never equals the model's 3
    assert sorted(sorted(c.members) for c in sel.clusters) == [[0], [1, 2], [3]]
    assert sel.clusters[0].members == [0] and sel.clusters[0].models == [0]
    xz = next(c for c in sel.clusters if c.members == [1, 2])
    assert xz.models == []


def test_a_design_that_does_not_compile_alone_does_not_spoil_the_batch(tmp_path: Path) -> None:
    iface = extract_interface(X_BASE.format(body="a"), "m")
    rec = record({"ok": X_BASE.format(body="a"), "bad": X_BASE.format(body="a +* 1")}, iface, tmp_path)
    assert "bad" in rec.failed and rec.outputs["ok"] and rec.simulations == 3


def test_crashing_and_hanging_models_are_reported_not_fatal(tmp_path: Path) -> None:
    iface = extract_interface(X_BASE.format(body="a"), "m")
    drafts = [Draft(rtl=X_BASE.format(body="a"), clean=True), Draft(rtl=X_BASE.format(body="~a"), clean=True)]
    models = ["def model(i):\n    return {'y': i['nope']}\n", "def model(i):\n    while True:\n        pass\n",
              "import os\ndef model(i):\n    os.listdir('/proc')\n    return {'y': i['a']}\n"]
    sel = vote(drafts, models, iface, [], tmp_path, timeout=5)
    assert "KeyError" in sel.model_notes[0] and "did not finish" in sel.model_notes[1]
    assert "FileNotFoundError" in sel.model_notes[2]  # model code runs in the sandbox: no /proc there
    assert sel.voting_models == [] and sel.voting == 2


def test_one_draft_one_model_is_the_old_loop(tmp_path: Path) -> None:
    backend = _replay(tmp_path, [COUNTER_MODEL, GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1), tmp_path / "run")
    events = read_trace(tmp_path / "run")
    assert res.verified and res.selection is None and res.agreement == ""
    assert not any(e["event"] in ("selection", "agreement") for e in events)
    assert [e["purpose"] for e in events if e["event"] == "llm"] == ["write-tests", "draft"]


def test_one_agreeing_model_of_three_is_plausible_not_verified(tmp_path: Path) -> None:
    wrong = COUNTER_MODEL.replace("(1 if i[\"up\"] else -1)", "1")
    crash = COUNTER_MODEL.replace('i["en"]', 'i["enable"]')
    backend = _replay(tmp_path, [COUNTER_MODEL, wrong, crash, GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=3, max_iters=1), tmp_path / "run")
    assert res.status == "plausible" and not res.verified
    assert res.agreement == "1/1 drafts and 1/3 models agree"
    assert res.reason.startswith("plausible: 1/1 drafts and 1/3 models agree")


def test_report_and_replay_show_the_vote(tmp_path: Path) -> None:
    from rich.console import Console

    from veriagent.agent.render import render_result, render_trace

    replies = [THERM_MODEL_GOOD, THERM_MODEL_GOOD2, THERM_WRONG, THERM_GOOD]
    res = run_agent(_view(THERM_SPEC, "therm"), _replay(tmp_path, replies), AgentConfig(samples=2, models=2, max_iters=1),
                    tmp_path / "run")
    console = Console(record=True, width=400)
    render_result(res, console)
    render_trace(read_trace(tmp_path / "run"), console)
    text = console.export_text()
    assert "vote: 2/2 drafts voted, 2 behaviour cluster(s): 1 draft(s)/2 model(s), 1 draft(s)/0 model(s) " \
           "(fails a spec example); chose d1; top two differ first at 1 ns (level=2): bars=3'b011 vs bars=3'b010" in text
    assert "1/2 drafts and 2/2 models agree" in text and res.verified


WRONG_COUNTER_MODEL = COUNTER_MODEL.replace('(1 if i["up"] else -1)', "1")  # counts up only
BROKEN_COUNTER = GOOD_COUNTER.replace("count <= 4'd0;", "count <= 4'd0")  # a missing semicolon


def _llm_purposes(run: Path) -> list[str]:
    return [e["purpose"] for e in read_trace(run) if e["event"] == "llm"]


def test_repair_adopts_the_model_that_agrees_and_never_rewrites_one(tmp_path: Path) -> None:
    # the adopted model (the first) is wrong; the repaired design fails it but agrees with the two others:
    # they are adopted (agreement 0 -> 2 models), no model is asked to judge or rewrite the tests
    model2 = COUNTER_MODEL.replace("% 16", "& 15")
    replies = [WRONG_COUNTER_MODEL, COUNTER_MODEL, model2, BROKEN_COUNTER, GOOD_COUNTER]
    backend = _replay(tmp_path, replies)
    run = tmp_path / "run"
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=3, max_iters=3), run)
    assert backend.remaining == 0
    assert res.status == "verified" and res.agreement == "1 draft(s) and 2/3 models agree"
    assert _llm_purposes(run) == ["write-tests"] * 3 + ["draft", "repair-check"]
    backing = [e for e in read_trace(run) if e["event"] == "backing"]
    assert len(backing) == 1 and backing[0]["models"] == [1, 2] and backing[0]["adopted"] == 1
    assert [h["action"] for h in res.history] == ["draft", "repair", "repair"]
    assert res.history[1]["tests_passed"] < res.history[1]["tests_total"]  # the repair failed the wrong model


def test_without_a_second_model_the_design_is_repaired_not_the_tests(tmp_path: Path) -> None:
    # both models are right and the design is wrong: no model backs it, so the design is repaired
    # (with one model the loop would ask the model to judge who is wrong and might rewrite the tests)
    model2 = COUNTER_MODEL.replace("% 16", "& 15")
    backend = _replay(tmp_path, [COUNTER_MODEL, model2, UP_ONLY, GOOD_COUNTER])
    run = tmp_path / "run"
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=2, max_iters=3), run)
    assert backend.remaining == 0 and res.status == "verified"
    assert _llm_purposes(run) == ["write-tests"] * 2 + ["draft", "repair-tests"]
    backing = [e for e in read_trace(run) if e["event"] == "backing"]
    assert len(backing) == 1 and backing[0]["models"] == [] and backing[0]["adopted"] is None
    # the same replies with one model: the old loop asks the model to judge first
    (tmp_path / "one").mkdir()
    backend = _replay(tmp_path / "one", [COUNTER_MODEL, UP_ONLY, "VERDICT: DESIGN\n" + GOOD_COUNTER])
    res = run_agent(_view(), backend, AgentConfig(samples=1, models=1, max_iters=3), tmp_path / "one" / "run")
    assert res.verified and _llm_purposes(tmp_path / "one" / "run") == ["write-tests", "draft", "judge"]
