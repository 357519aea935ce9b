"""The spec's own examples: extracted as directed checks, and each holds on the suite's reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.agent import prompts
from veriagent.agent.examples import extract_examples, parse_literal
from veriagent.agent.spec import interface_from_spec
from veriagent.hdl.interface import extract_interface
from veriagent.sim.cocotb_run import run_cocotb

SUITE = Path(__file__).resolve().parent.parent / "datasets" / "hdlbits-style"


def _problems_with_examples() -> list[str]:
    out = []
    for d in sorted(p for p in SUITE.iterdir() if (p / "spec.md").is_file()):
        iface = interface_from_spec((d / "spec.md").read_text(), "top_module")
        if iface is not None and extract_examples((d / "spec.md").read_text(), iface).examples:
            out.append(d.name)
    return out


def test_literals() -> None:
    assert parse_literal("8'b0000_0111") == 7
    assert parse_literal("16'hF842") == 0xF842
    assert parse_literal("4'd9") == 9
    assert parse_literal("42") == 42
    assert parse_literal("8'bxxxx_0000") is None


def test_vectors_and_unplaced() -> None:
    spec = ("Module `therm` has an input `level` [3:0] and outputs `therm` [7:0] and `over`.\n\n"
            "- input [3:0] level\n- output [7:0] therm\n- output over\n\n"
            "For example `level = 3` gives `8'b0000_0111`, and `level = 9` gives `therm = 8'hFF` and `over = 1`.\n"
            "`level = 2` gives 3.\n")
    iface = interface_from_spec(spec, None)
    assert iface is not None
    found = extract_examples(spec, iface)
    assert [(e.inputs, e.outputs) for e in found.examples] == [
        ({"level": 3}, {"therm": 7}), ({"level": 9}, {"therm": 255, "over": 1})]
    assert [u.why for u in found.unplaced] == ["a bare value, but the design has several outputs"]
    assert all(e.line == 7 for e in found.examples)


def test_example_missing_an_input_is_reported_not_guessed() -> None:
    spec = "- input [3:0] a\n- input [3:0] b\n- output [4:0] y\n\nFor example `a = 1` gives `y = 3`.\n"
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None
    found = extract_examples(spec, iface)
    assert found.examples == [] and "missing: b" in found.unplaced[0].why


def test_sequential_input_output_examples_are_reported_not_guessed() -> None:
    """A clocked design: "din = 3 gives q = 6" and a table of port values do not say in which cycle
    they hold, so they are listed as not placed; "after reset" is placed and checked."""
    spec = ("- input clk\n- input reset\n- input [3:0] din\n- input go\n- output [7:0] q\n\n"
            "After reset `q` is 0.\n\n"
            "For example `din = 3` and `go = 1` gives `q = 8'd6`.\n\n"
            "| `din` | `go` | `q` |\n|---|---|---|\n| 1 | 1 | 2 |\n| 2 | 0 | 2 |\n")
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None and iface.clock == "clk"
    found = extract_examples(spec, iface)
    assert [(e.kind, e.outputs) for e in found.examples] == [("reset", {"q": 0})]
    assert [u.line for u in found.unplaced] == [9, 11]
    assert "in which clock cycle" in found.unplaced[0].why
    assert "without a cycle column" in found.unplaced[1].why and found.unplaced[1].text == "din | go | q"
    # the same statements on a combinational design are checks
    comb = spec.replace("- input clk\n- input reset\n", "").replace("After reset `q` is 0.\n\n", "")
    iface2 = interface_from_spec(comb, "top_module")
    assert iface2 is not None and iface2.clock is None
    found2 = extract_examples(comb, iface2)
    assert [(e.inputs, e.outputs) for e in found2.examples] == [
        ({"din": 3, "go": 1}, {"q": 6}), ({"din": 1, "go": 1}, {"q": 2}), ({"din": 2, "go": 0}, {"q": 2})]
    assert found2.unplaced == []


def test_table_without_every_input_is_reported_not_guessed() -> None:
    spec = ("- input [1:0] sel\n- input [3:0] w\n- input [3:0] x\n- output [3:0] out\n\n"
            "| `sel` | `out` |\n|---|---|\n| 0 | `w` |\n| 1 | `x` |\n")
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None
    found = extract_examples(spec, iface)
    assert found.examples == []
    assert [(u.line, u.why) for u in found.unplaced] == [
        (6, "not every input has a column (missing: w, x); not checked")]


def test_comparison_of_bare_values_is_reported_not_guessed() -> None:
    spec = ("- input [7:0] a\n- input [7:0] b\n- input is_signed\n- output lt\n- output over\n\n"
            "- `is_signed = 1`: two's complement (e.g. `8'hFF` = -1 is less than `8'h01` = +1).\n"
            "- `over` is 1 when `a` is greater than 8, and `lt` is 1 when a < b.\n"
            "- With `is_signed = 0`, 200 > 100.\n")
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None
    found = extract_examples(spec, iface)
    assert found.examples == []
    assert [(u.line, u.text) for u in found.unplaced] == [(7, "`8'hFF` = -1 is less than `8'h01`"),
                                                          (9, "200 > 100")]
    assert all("which ports carry them" in u.why for u in found.unplaced)
    # a sentence that is already an example is not reported again for its comparison
    spec2 = spec + "\n`a = 3`, `b = 5`, `is_signed = 0` gives `lt = 1` and `over = 0` (3 < 5).\n"
    found2 = extract_examples(spec2, iface)
    assert len(found2.examples) == 1 and [u.line for u in found2.unplaced] == [7, 9]


def test_suite_has_examples() -> None:
    names = _problems_with_examples()
    assert len(names) >= 20, names


def _write_examples_test(name: str, where: Path) -> None:
    spec = (SUITE / name / "spec.md").read_text()
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None
    found = extract_examples(spec, iface)
    ctx = prompts.interface_context(iface, [e.model_dump() for e in found.examples])
    (where / "test_spec_examples.py").write_text(prompts.render("examples", **{**ctx, "vet_model": False}))


@pytest.mark.sim
@pytest.mark.parametrize("name", _problems_with_examples())
def test_every_extracted_example_holds_on_the_reference(name: str, tmp_path: Path) -> None:
    _write_examples_test(name, tmp_path)
    res = run_cocotb([SUITE / name / "ref.v"], "top_module", "test_spec_examples", tmp_path,
                     build_dir=tmp_path / "build", timeout=60)
    assert res.passed and [t.name for t in res.tests] == ["test_spec_examples"], (res.error, res.tests)


@pytest.mark.sim
def test_a_wrong_design_fails_the_examples(tmp_path: Path) -> None:
    name = "bin_to_gray8"
    _write_examples_test(name, tmp_path)
    wrong = tmp_path / "wrong.v"
    ref_iface = extract_interface((SUITE / name / "ref.v").read_text())
    wrong.write_text(f"{ref_iface.header()}\n  assign gray = bin;\nendmodule\n")
    res = run_cocotb([wrong], "top_module", "test_spec_examples", tmp_path, build_dir=tmp_path / "build", timeout=60)
    assert not res.passed and "spec example spec line" in res.tests[0].message


def test_examples_do_not_depend_on_the_notation() -> None:
    """Every alternative spec (same behaviour text, other port notation) yields the same examples."""

    def key(text: str) -> list[tuple[str, list[tuple[str, int]], list[tuple[str, int]]]]:
        iface = interface_from_spec(text, "top_module")
        assert iface is not None
        return sorted((e.kind, sorted(e.inputs.items()), sorted(e.outputs.items()))
                      for e in extract_examples(text, iface).examples)

    checked = 0
    for spec in sorted(SUITE.glob("*/spec.*.md")):
        assert key(spec.read_text()) == key((spec.parent / "spec.md").read_text()), spec
        checked += 1
    assert checked >= 120


def test_a_sentence_about_the_reset_port_is_not_an_after_reset_example() -> None:
    spec = ("- input clk\n- input reset\n- output full\n- output empty\n\nThe FIFO is reset by the input `reset`"
            " (synchronous), which leaves it empty; `full` is 1 when four words are held and `empty` is 1 when"
            " none is. On reset `empty` becomes 1.\n")
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None
    found = extract_examples(spec, iface)
    assert [e.outputs for e in found.examples] == [{"empty": 1}]


def test_a_value_sentence_is_not_a_port_declaration() -> None:
    # "When `sel` is 0 the output `y` ..." once read `sel` as an output and stopped a valid spec
    from veriagent.agent.spec import spec_conflicts

    spec = ("When `sel` is 0 the output `y` equals `a`; when `sel` is 1 it equals `b`.\n\n"
            "- `input [3:0] a`\n- `input [3:0] b`\n- `input sel`\n- `output [3:0] y`\n")
    iface = interface_from_spec(spec, "top_module")
    assert iface is not None and spec_conflicts(spec, iface) == []


_ACC_SPEC = (
    "- input clk\n- input reset\n- input en\n- input [3:0] d\n- output [7:0] acc\n\n"
    "`acc` adds `d` at each rising edge of `clk` where `en` is 1; a synchronous `reset` clears it.\n\n"
    "Run from reset, with `acc` read just after each rising edge:\n\n"
    "| cycle | `en` | `d` | `acc` |\n|---|---|---|---|\n| 1 | 1 | 3 | 3 |\n| 2 | 0 | 5 | 3 |\n"
    "| 3 | 1 | 5 | 8 |\n| 4 | 1 | 1 | 9 |\n\n"
    "The same, with `acc` shown during each cycle (before its edge):\n\n"
    "| Cycle | `en` | `d` | `acc` |\n|---|---|---|---|\n| 1 | 1 | 3 | 0 |\n| 2 | 1 | 2 | 3 |\n"
    "| 3 | 0 | 7 | 5 |\n| 4 | 0 | 7 | x |\n"
)
_ACC_HEADER = "module top_module(input clk, input reset, input en, input [3:0] d, output reg [7:0] acc);\n"
_ACC_MODEL = '''
class Model:
    def __init__(self):
        self.acc = 0

    def step(self, i):
        if i["reset"]:
            self.acc = 0
        elif i["en"] {cond}:
            self.acc = (self.acc + i["d"]) & 0xFF

    def outputs(self, i):
        return {{"acc": self.acc}}
'''


def test_cycle_table_becomes_a_sequence_from_reset() -> None:
    iface = interface_from_spec(_ACC_SPEC, "top_module")
    assert iface is not None and iface.clock == "clk" and iface.reset == "reset"
    found = extract_examples(_ACC_SPEC, iface)
    assert [e.kind for e in found.examples] == ["sequence", "sequence"] and found.unplaced == []
    first, second = found.examples
    assert first.line == 11 and [s.line for s in first.steps] == [13, 14, 15, 16]
    assert [(s.inputs, s.outputs) for s in first.steps[:2]] == [
        ({"en": 1, "d": 3, "reset": 0}, {"acc": 3}), ({"en": 0, "d": 5, "reset": 0}, {"acc": 3})]
    assert second.steps[3].outputs == {}  # `x`: not checked in that cycle
    # without a reset, or without a column for every input, a cycle table is not placed
    no_reset = _ACC_SPEC.replace("- input reset\n", "").replace("; a synchronous `reset` clears it", "")
    iface2 = interface_from_spec(no_reset, "top_module")
    assert iface2 is not None and iface2.reset is None
    assert extract_examples(no_reset, iface2).examples == []
    assert "no reset to start it from" in extract_examples(no_reset, iface2).unplaced[0].why
    no_d = _ACC_SPEC.replace("| `d` ", "").replace("| 3 | 3 |", "| 3 |")
    iface3 = interface_from_spec(no_d, "top_module")
    assert iface3 is not None
    assert any("missing: d" in u.why for u in extract_examples(no_d, iface3).unplaced)


def _run_acc(tmp_path: Path, body: str, model_cond: str | None) -> tuple[bool, str]:
    iface = interface_from_spec(_ACC_SPEC, "top_module")
    assert iface is not None
    found = extract_examples(_ACC_SPEC, iface)
    ctx = prompts.interface_context(iface, [e.model_dump() for e in found.examples])
    if model_cond is None:
        text = prompts.render("examples", **{**ctx, "vet_model": False})
    else:
        text = prompts.render("harness", model_code=_ACC_MODEL.format(cond=model_cond), **ctx)
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "test_spec_examples.py").write_text(text)
    design = tmp_path / "design.v"
    design.write_text(_ACC_HEADER + body + "endmodule\n")
    res = run_cocotb([design], "top_module", "test_spec_examples", tmp_path, build_dir=tmp_path / "build",
                     timeout=60)
    ex = [t for t in res.tests if t.name == "test_spec_examples"]
    assert len(ex) == 1, (res.error, res.tests)
    return ex[0].passed, ex[0].message or ""


_ACC_RIGHT = "  always @(posedge clk) if (reset) acc <= 0; else if (en) acc <= acc + d;\n"
_ACC_WRONG = "  always @(posedge clk) if (reset) acc <= 0; else acc <= acc + d;\n"  # ignores `en`


@pytest.mark.sim
def test_cycle_tables_hold_on_a_right_design_in_either_reading(tmp_path: Path) -> None:
    passed, message = _run_acc(tmp_path, _ACC_RIGHT, None)
    assert passed, message


@pytest.mark.sim
def test_cycle_tables_catch_a_wrong_design(tmp_path: Path) -> None:
    passed, message = _run_acc(tmp_path, _ACC_WRONG, None)
    assert not passed
    assert message.startswith("spec example spec line 11 ('cycle | en | d | acc'): read after each rising edge, "
                              "cycle 2 (line 14): expected acc=3, got acc=8; read before it, cycle 1 (line 13)"), message


@pytest.mark.sim
def test_cycle_tables_vet_the_reference_model(tmp_path: Path) -> None:
    passed, message = _run_acc(tmp_path, _ACC_RIGHT, "or True")  # a model that ignores `en` too
    assert not passed and message.startswith("reference model contradicts the spec: spec line 11"), message
    passed, message = _run_acc(tmp_path / "ok", _ACC_RIGHT, "")
    assert passed, message
