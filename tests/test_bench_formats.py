"""External suite formats on fixtures shaped like the real suites (our own problems, their layout):
loaders, the reference self-check under the required top, named reference failures, the
generator path end to end with the fake backend, and ``--spec-style``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from veriagent.agent.fake_rtl import tie_outputs_module
from veriagent.agent.view import DesignerView
from veriagent.bench.judge import judge_candidates
from veriagent.bench.models import Candidate, GeneratedCandidate
from veriagent.bench.runner import default_out_dir, run_bench
from veriagent.bench.store import load_records
from veriagent.bench.suite import instantiated_modules, load_suite, spec_file
from veriagent.bench.units import reference_as_top
from veriagent.errors import BadInput

REPO = Path(__file__).resolve().parent.parent
FIX = REPO / "tests" / "data" / "fixtures"
SPEC_TO_RTL = FIX / "verilogeval-spec-to-rtl"
CODE_COMPLETE = FIX / "verilogeval-code-complete"
RTLLM = FIX / "rtllm-v2"
BENCH_SUITE = REPO / "tests" / "data" / "bench_suite"


def _by_id(path: Path) -> dict:  # type: ignore[type-arg]
    return {p.id: p for p in load_suite(path).problems}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "veriagent.cli", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=300)


# --- loaders ---------------------------------------------------------------------------------------


def test_spec_to_rtl_layout_has_no_header_and_ports_only_in_the_prompt() -> None:
    suite = load_suite(SPEC_TO_RTL)
    assert suite.format == "verilogeval-v2"
    by = {p.id: p for p in suite.problems}
    assert set(by) == {"Prob001_tie_low", "Prob002_nibble_swap", "Prob003_down_counter"}
    for p in by.values():
        assert p.top == "TopModule" and p.ref_top == "RefModule"
        assert p.interface_header is None  # the extractor runs on the spec, as for a user
        assert p.testbench_path is not None and p.testbench_path.name == f"{p.id}_test.sv"
        assert "module TopModule" not in p.spec and p.designer_view().interface_header is None
    assert "- input  in   (8 bits)" in by["Prob002_nibble_swap"].spec


def test_code_complete_layout_gives_the_interface_file_as_header() -> None:
    by = _by_id(CODE_COMPLETE)
    assert set(by) == {"Prob001_mux4", "Prob002_parity_reg"}
    for p in by.values():
        ifc = (CODE_COMPLETE / f"{p.id}_ifc.txt").read_text().strip()
        assert p.interface_header == ifc and ifc.startswith("module TopModule (")
        assert p.designer_view().interface_header == ifc


def test_rtllm_layout_three_levels_deep_with_mismatched_reference_names() -> None:
    by = _by_id(RTLLM)
    assert set(by) == {"sat_add8", "pulse_strecher", "shift4"}  # ids are the problem folders
    sat, pulse, shift = by["sat_add8"], by["pulse_strecher"], by["shift4"]
    assert (sat.top, sat.ref_top, sat.category) == ("sat_add8", "verified_sat_add8", "Arithmetic Units")
    # module name differs from both its file and its folder: the top is what the testbench instantiates
    assert pulse.ref_path is not None and pulse.ref_path.name == "verified_pulse_strecher.v"
    assert (pulse.top, pulse.ref_top, pulse.category) == ("pulse_stretcher", "pulse_stretcher", "Control Logic")
    # reference file named after another spelling
    assert shift.ref_path is not None and shift.ref_path.name == "verified_sreg.v"
    assert (shift.top, shift.ref_top) == ("shift4", "verified_shift4")
    assert [f.name for f in shift.tb_data_files] == ["shift_in.dat"] and sat.tb_data_files == []
    assert all(p.testbench_path is not None and p.testbench_path.parent == p.path for p in by.values())
    assert all(" " in str(p.path.relative_to(RTLLM)) for p in by.values())


def test_rtllm_top_falls_back_to_the_described_module_name(tmp_path: Path) -> None:
    d = tmp_path / "suite" / "Group A" / "Sub B" / "blinker"
    d.mkdir(parents=True)
    (d / "design_description.txt").write_text("Make a blinker.\n\nModule name:  \n   blink_led  \n\nInput ports:\n"
                                              "   clk: clock\nOutput ports:\n   led: the LED\n")
    (d / "verified_blinker.v").write_text("module verified_blink_led(input clk, output reg led);\n"
                                         "  always @(posedge clk) led <= ~led;\nendmodule\n")
    p = load_suite(tmp_path / "suite").problems[0]
    assert (p.id, p.top, p.ref_top, p.testbench_path) == ("blinker", "blink_led", "verified_blink_led", None)


def test_instantiated_modules_ignores_strings_tasks_and_own_modules() -> None:
    tb = """
    module helper(input a, output y); assign y = a; endmodule
    module tb;
      reg a; wire y, z;
      task check(input x); endtask
      // commented_out inst (.a(a));
      initial $display("Test failed (got %b)", y);
      helper h (.a(a), .y(z));
      the_dut #(.N(4)) uut (.a(a), .y(y));
      initial begin check(1); end
    endmodule
    """
    assert instantiated_modules(tb) == ["the_dut"]


def test_reference_as_top_renames_the_top_and_prefixes_helpers() -> None:
    ref = (SPEC_TO_RTL / "Prob002_nibble_swap_ref.sv").read_text()
    copy = reference_as_top(ref, "RefModule", "TopModule")
    assert "module TopModule" in copy and "RefModule" not in copy
    assert "module va_ref_swap_halves" in copy and "va_ref_swap_halves u_swap" in copy
    assert reference_as_top(ref, "NoSuchModule", "TopModule") == ref


# --- --spec-style (loader) -------------------------------------------------------------------------


def _styled_suite(tmp_path: Path) -> Path:
    """bench_suite with a table-style spec for and_or and cnt3 (noref has none)."""
    dst = tmp_path / "styled"
    shutil.copytree(BENCH_SUITE, dst)
    for pid in ("and_or", "cnt3"):
        (dst / pid / "spec.table.md").write_text(f"| port | dir | width |\n|---|---|---|\n| ({pid}) | - | - |\n")
    return dst


def test_spec_style_loads_the_alternative_spec_and_skips_problems_without_one(tmp_path: Path) -> None:
    root = _styled_suite(tmp_path)
    default = load_suite(root)
    assert default.spec_style == "default" and default.skipped == []
    assert {p.spec_style for p in default.problems} == {"default"} and len(default.problems) == 3
    table = load_suite(root, spec_style="table")
    assert table.spec_style == "table" and table.skipped == ["noref"]
    assert sorted(p.id for p in table.problems) == ["and_or", "cnt3"]
    for p in table.problems:
        assert p.spec_style == "table" and p.spec == (root / p.id / "spec.table.md").read_text()
        assert p.designer_view().spec.startswith("| port |")
    assert table.content_hash == default.content_hash  # same suite, another view of it
    assert spec_file("default") == "spec.md" and spec_file("parens") == "spec.parens.md"


def test_spec_style_bad_input(tmp_path: Path) -> None:
    root = _styled_suite(tmp_path)
    with pytest.raises(BadInput, match=r"no problem has a spec\.prose\.md"):
        load_suite(root, spec_style="prose")
    with pytest.raises(BadInput, match="plain name"):
        load_suite(root, spec_style="../spec")
    with pytest.raises(BadInput, match="only the veriagent suite format"):
        load_suite(RTLLM, spec_style="table")


# --- the reference self-check and the suites' testbenches (Icarus) -------------------------------------


@pytest.mark.sim
@pytest.mark.parametrize("fixture", [SPEC_TO_RTL, CODE_COMPLETE, RTLLM], ids=lambda p: p.name)
def test_reference_self_check_passes_under_the_required_top(tmp_path: Path, fixture: Path) -> None:
    out = tmp_path / "ref"
    res = _cli("bench", str(fixture), "--candidates", "reference", "--judge", "both", "-j", "2",
               "--no-progress", "--out", str(out))
    assert res.returncode == 0, res.stdout + res.stderr
    recs = load_records(out)
    problems = load_suite(fixture).problems
    assert len(recs) == 2 * len(problems)
    assert all(r.passed for r in recs), [(r.problem, r.judge, r.reason) for r in recs if not r.passed]
    suite_recs = [r for r in recs if r.judge == "suite"]
    assert all(r.samples > 0 or "Passed" in r.reason for r in suite_recs)
    for p in problems:  # the judged copy defines the required top, not the reference's own name
        judged = (out / "units" / p.id / "0").glob("candidate.*")
        text = next(judged).read_text()
        assert f"module {p.top}" in text
        assert p.ref_top == p.top or f"module {p.ref_top} " not in text


@pytest.mark.sim
@pytest.mark.parametrize("fixture", [SPEC_TO_RTL, CODE_COMPLETE, RTLLM], ids=lambda p: p.name)
def test_fixture_testbenches_reject_a_design_with_outputs_tied_low(fixture: Path) -> None:
    for p in load_suite(fixture).problems:
        assert p.ref_path is not None and p.ref_top is not None
        ref = reference_as_top(p.ref_path.read_text(), p.ref_top, p.top)
        zero = tie_outputs_module(ref)  # the last module header of the copy: the required top
        assert zero is not None and f"module {p.top}" in zero
        res = judge_candidates(p, [Candidate(problem=p.id, sample=0, source=zero)], judge="suite", timeout=30)[0]
        if p.id == "Prob001_tie_low":  # its right answer is all zeros
            assert res.passed, res.log
        else:
            assert not res.passed and res.category == "functional-mismatch", (p.id, res.reason, res.log)


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.sim
def test_failing_references_are_named_dataset_bug_or_tool_limit(tmp_path: Path) -> None:
    suite = tmp_path / "rtllm"
    shutil.copytree(RTLLM, suite)
    # the suite's reference no longer does what its own testbench checks
    _break(suite / "Arithmetic Units" / "Saturating Adders" / "sat_add8" / "verified_sat_add8.v",
           "full[8] ? 8'hff : full[7:0]", "full[7:0]")
    # the testbench connects a port the reference does not have
    _break(suite / "Control Logic" / "Pulse Shaping" / "pulse_strecher" / "testbench.v",
           ".trig(trig), .out(out)", ".trig(trig), .en(1'b1), .out(out)")
    # the reference uses a construct Icarus 11 does not support
    _break(suite / "Memory Blocks" / "Shift Registers" / "shift4" / "verified_sreg.v",
           "if (rst)", "if (rst inside {1'b1})")
    out = tmp_path / "out"
    res = _cli("bench", str(suite), "--candidates", "reference", "--judge", "suite", "--no-progress",
               "--out", str(out))
    assert res.returncode == 1
    got = {r.problem: r.category for r in load_records(out)}
    assert got == {"sat_add8": "dataset-bug", "pulse_strecher": "dataset-bug", "shift4": "tool-limit"}
    stderr = " ".join(res.stderr.split())
    assert "sat_add8: dataset-bug: the suite's testbench rejects the suite's own reference" in stderr
    assert "pulse_strecher: dataset-bug: the suite's testbench does not fit" in stderr
    assert "shift4: tool-limit" in stderr


@pytest.mark.sim
def test_verilogeval_testbench_that_does_not_fit_its_reference_is_a_dataset_bug(tmp_path: Path) -> None:
    suite = tmp_path / "ve"
    shutil.copytree(SPEC_TO_RTL, suite)
    _break(suite / "Prob001_tie_low_test.sv", "RefModule good1 (.sel(sel), .low(low_ref))",
           "RefModule good1 (.sel(sel), .mode(1'b0), .low(low_ref))")
    out = tmp_path / "out"
    run_bench(load_suite(suite), candidates="reference", jobs=1, out_dir=out, judge="both", progress=False)
    got = {(r.problem, r.judge): (r.passed, r.category) for r in load_records(out)}
    assert got[("Prob001_tie_low", "suite")] == (False, "dataset-bug")
    assert got[("Prob001_tie_low", "equivalence")] == (True, None)  # the reference itself is fine
    assert all(ok for (pid, _), (ok, _c) in got.items() if pid != "Prob001_tie_low")


# --- the generator path end to end (fake backend) ----------------------------------------------------


def _settings():  # type: ignore[no-untyped-def]
    from veriagent.config import AgentConfig, Settings

    return Settings(agent=AgentConfig(samples=1, models=1, max_iters=2, self_test=False, max_malformed=1))


@pytest.mark.sim
def test_make_generator_end_to_end_blind_and_resume_from_generated_json(tmp_path: Path) -> None:
    from veriagent.bench.agent_source import make_generator

    suite = load_suite(CODE_COMPLETE)
    out = tmp_path / "run"
    real = make_generator("fake:echo-ports", agent=True, settings=_settings(), traces_dir=out / "traces")
    calls: list[tuple[str, int]] = []

    def counted(view: DesignerView, sample: int) -> GeneratedCandidate:
        calls.append((view.id, sample))
        return real(view, sample)

    s = run_bench(suite, generator=counted, samples=2, jobs=1, out_dir=out, judge="both", progress=False,
                  model="fake:echo-ports", blind=True)
    assert sorted(calls) == [(p, i) for p in ("Prob001_mux4", "Prob002_parity_reg") for i in (0, 1)]
    recs = load_records(out)
    assert len(recs) == 8 and s.mode == "blind" and {r.mode for r in recs} == {"blind"}
    assert {r.model for r in recs} == {"fake:echo-ports"} and {r.source for r in recs} == {"generator"}
    # the header came from the interface file: right ports, outputs tied low, so every verdict is a mismatch
    assert {r.category for r in recs} == {"functional-mismatch"}, [r.reason for r in recs]
    assert all(r.tokens > 0 and r.trace_dir for r in recs)
    for p in suite.problems:
        for i in (0, 1):
            gen = GeneratedCandidate.model_validate_json((out / "units" / p.id / str(i) / "generated.json").read_text())
            assert gen.source is not None and "module TopModule" in gen.source
            assert (Path(str(gen.trace_dir)) / "judge.json").is_file()
    first = {(r.problem, r.sample, r.judge): (r.passed, r.category, r.reason) for r in recs}

    # a run killed after generating but before judging: results.jsonl lost, generated.json kept
    (out / "results.jsonl").unlink()
    calls.clear()
    s2 = run_bench(suite, generator=counted, samples=2, jobs=1, out_dir=out, judge="both", progress=False,
                   model="fake:echo-ports", blind=True)
    assert calls == [] and s2.units_run == 8  # every unit judged again from its stored generation
    again = {(r.problem, r.sample, r.judge): (r.passed, r.category, r.reason) for r in load_records(out)}
    assert again == first


@pytest.mark.sim
@pytest.mark.parametrize("fixture", [SPEC_TO_RTL, RTLLM], ids=lambda p: p.name)
def test_make_generator_end_to_end_builds_the_interface_the_spec_gives(tmp_path: Path, fixture: Path) -> None:
    from veriagent.bench.agent_source import make_generator

    out = tmp_path / "run"
    gen = make_generator("fake:echo-ports", agent=True, settings=_settings(), traces_dir=out / "traces")
    run_bench(load_suite(fixture), generator=gen, jobs=1, out_dir=out, judge="both", progress=False,
              model="fake:echo-ports", blind=True)
    got = {(r.problem, r.judge): (r.passed, r.category) for r in load_records(out)}
    for (pid, judge), verdict in got.items():
        # fake:echo-ports builds the interface it is told with outputs tied low: the ports must be right
        assert verdict == ((True, None) if pid == "Prob001_tie_low" else (False, "functional-mismatch")), \
            (pid, judge, verdict)


@pytest.mark.sim
def test_cli_bench_with_a_fake_model_blind(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    res = _cli("bench", str(CODE_COMPLETE), "--model", "fake:echo-ports", "--blind", "--judge", "suite",
               "--no-progress", "-j", "1", "--out", str(out))
    assert res.returncode == 0, res.stderr
    recs = load_records(out)
    assert len(recs) == 2 and {(r.mode, r.model, r.category) for r in recs} == {
        ("blind", "fake:echo-ports", "functional-mismatch")}
    assert json.loads((out / "run.json").read_text())["mode"] == "blind"


# --- --spec-style (runs) ----------------------------------------------------------------------------


@pytest.mark.sim
def test_spec_style_runs_record_the_style_and_compare_across_styles(tmp_path: Path) -> None:
    root = _styled_suite(tmp_path)
    table = load_suite(root, spec_style="table")
    assert default_out_dir(table, tmp_path / "runs", candidates="reference", model=None).name.endswith(
        "-reference-table")
    seen: list[str] = []
    good = {
        "and_or": (BENCH_SUITE / "and_or" / "ref.v").read_text(),
        "cnt3": (BENCH_SUITE / "cnt3" / "ref.v").read_text(),
    }

    def gen(view: DesignerView, sample: int) -> GeneratedCandidate:
        seen.append(view.spec)
        return GeneratedCandidate(source=good[view.id] if view.id == "and_or" else None)

    a = tmp_path / "table"
    s = run_bench(table, generator=gen, jobs=1, out_dir=a, progress=False, model="fake:test")
    assert all(spec.startswith("| port |") for spec in seen) and len(seen) == 2
    recs = load_records(a)
    assert {r.spec_style for r in recs} == {"table"} and sorted(r.problem for r in recs) == ["and_or", "cnt3"]
    assert s.spec_style == "table" and json.loads((a / "run.json").read_text())["spec_style"] == "table"
    assert "spec style table" in (a / "report.md").read_text()
    summary = json.loads((a / "summary.json").read_text())
    assert summary["by_spec_style"]["equivalence"] == {"table": 0.5}
    with pytest.raises(BadInput, match="spec_style"):  # one style per run directory
        run_bench(load_suite(root), generator=gen, jobs=1, out_dir=a, progress=False, model="fake:test")

    b = tmp_path / "default"
    res = _cli("bench", str(root), "--candidates", "reference", "--filter", "and_or|cnt3", "--out", str(b))
    assert res.returncode == 0, res.stderr
    cmp = _cli("bench", "compare", str(b), str(a))
    assert cmp.returncode == 0, cmp.stderr
    line = " ".join(cmp.stdout.split())
    assert "spec style A default, B table" in line and "pass -> fail: 1" in line
    skipped = _cli("bench", str(root), "--candidates", "reference", "--spec-style", "table",
                   "--out", str(tmp_path / "skip"))
    assert skipped.returncode == 0, skipped.stderr
    assert "spec style table: 1 of 3 problems have no spec.table.md and are skipped" in " ".join(
        skipped.stderr.split())
    assert {r.spec_style for r in load_records(tmp_path / "skip")} == {"table"}
    bad = _cli("bench", str(RTLLM), "--candidates", "reference", "--spec-style", "table")
    assert bad.returncode == 2 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr
