"""`veriagent check` on a real project layout: -I, -D, -f, --top, waivers, per-file attribution,
distinct findings on one line, excerpts, stdin, and the classification cases of issue 15."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veriagent.cli import app
from veriagent.errors import BadInput
from veriagent.hdl.check import check_files, check_source
from veriagent.hdl.filelist import read_filelist

PROJECT = Path(__file__).parent / "data" / "project"
runner = CliRunner()


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).with_name("veriagent"))
    return subprocess.run([exe, *args], capture_output=True, text=True, input=stdin, timeout=120)


def _diags(src: str, name: str = "d.sv") -> list[tuple[int | None, str, str, str]]:
    res = check_source(src, filename=name)
    return [(d.line, d.severity, d.category, d.tool) for d in res.diagnostics]


# --- -I / -D / -f / --top ------------------------------------------------------------------------
@pytest.mark.sim
def test_include_dir_and_define_reach_every_tool() -> None:
    files = [PROJECT / "rtl" / "top.v", PROJECT / "rtl" / "core.v"]
    without = check_files(files)
    assert not without.ok  # `include "defs.vh" is not found next to the file
    assert any("defs.vh" in d.message for d in without.errors), [d.gcc_format() for d in without.errors]
    res = check_files(files, "top", include_dirs=[PROJECT / "inc"], defines={"INVERT": None})
    assert res.ok and res.diagnostics == [], [d.gcc_format() for d in res.diagnostics]
    with pytest.raises(BadInput, match="no such directory"):
        check_files(files, include_dirs=[PROJECT / "nope"])


@pytest.mark.sim
def test_filelist_in_verilator_syntax(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)
    fl = read_filelist(Path("files.f"))
    assert [p.name for p in fl.files] == ["top.v", "core.v"]
    assert fl.include_dirs == [PROJECT / "inc"] and fl.defines == {"INVERT": None}
    r = runner.invoke(app, ["check", "-f", "files.f", "--top", "top"])
    assert r.exit_code == 0, r.output
    assert "0 error(s), 0 warning(s) in 2 file(s)" in r.stderr
    r = runner.invoke(app, ["check", "rtl/top.v", "rtl/core.v", "-I", "inc", "-D", "BUS_W=4"])
    assert r.exit_code == 0, r.output  # -D overrides nothing here (`define wins) but is accepted
    r = runner.invoke(app, ["check", "--top", "nosuch", "-f", "files.f"])
    assert isinstance(r.exception, BadInput) and "nosuch" in r.exception.message


def test_filelist_bad_option_is_one_line_error(tmp_path: Path) -> None:
    fl = tmp_path / "x.f"
    fl.write_text("-y libdir\n")
    proc = _cli("check", "-f", str(fl))
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"error: {fl}: unsupported option '-y' in file list (understood: files, +incdir+, +define+, -I, -D, -f, -F)"]


# --- waivers ---------------------------------------------------------------------------------------
TRUNC = """module trunc(input [7:0] a, input [1:0] b, output [3:0] y, output [3:0] z);
  /* verilator lint_off WIDTHTRUNC */
  assign y = a;
  /* verilator lint_on WIDTHTRUNC */
  assign z = a;
endmodule
"""


@pytest.mark.sim
def test_verilator_lint_off_is_honoured_by_every_tool() -> None:
    res = check_source(TRUNC, filename="trunc.v")
    # line 3 is waived for Verilator *and* slang (was: slang's width-trunc still reported); line 5 is not
    assert [(d.line, d.category) for d in res.diagnostics] == [(5, "width-mismatch")]
    assert {d.tool for d in res.waived} == {"slang"}  # Verilator itself never reports it
    assert "1 waived" in res.summary()


@pytest.mark.sim
def test_lint_off_waives_only_its_own_rule() -> None:
    src = TRUNC.replace("WIDTHTRUNC", "WIDTHEXPAND")
    res = check_source(src, filename="trunc.v")
    assert [d.line for d in res.diagnostics] == [3, 5]


@pytest.mark.sim
def test_waive_table_by_rule_and_glob(tmp_path: Path) -> None:
    design = tmp_path / "legacy_trunc.v"
    design.write_text(TRUNC.replace("/* verilator lint_off WIDTHTRUNC */", "").replace(
        "/* verilator lint_on WIDTHTRUNC */", ""))
    cfg = tmp_path / "veriagent.toml"
    cfg.write_text('[check.waive]\nWIDTHTRUNC = ["other/*.v"]\n')
    r = runner.invoke(app, ["check", str(design), "--config", str(cfg)])
    assert r.stdout.count("warning:") == 2
    cfg.write_text('[check.waive]\nWIDTHTRUNC = ["*/legacy_*.v"]\n')
    r = runner.invoke(app, ["check", str(design), "--config", str(cfg)])
    assert r.exit_code == 0 and r.stdout == "" and "2 waived" in r.stderr
    cfg.write_text('[check.waive]\n"width-mismatch" = ["*"]\n')  # a category works too
    assert "2 waived" in runner.invoke(app, ["check", str(design), "--config", str(cfg)]).stderr


@pytest.mark.sim
def test_errors_are_never_waived() -> None:
    src = "module e(input a, output y);\n  // verilator lint_off\n  assign y = b;\nendmodule\n"
    res = check_source(src, filename="e.v")
    assert not res.ok and res.errors[0].category == "undeclared-identifier"


# --- distinct findings, attribution ------------------------------------------------------------------
@pytest.mark.sim
def test_two_latches_in_one_always_block_are_two_findings() -> None:
    src = ("module latch2(input en, input a, input b, output reg x, output reg y);\n"
           "  always @(*) begin\n    if (en) begin\n      x = a;\n      y = b;\n    end\n  end\nendmodule\n")
    res = check_source(src, filename="latch2.v")
    latches = [d for d in res.diagnostics if d.category == "latch-inferred"]
    assert len(latches) == 2, [d.gcc_format() for d in res.diagnostics]
    assert {"'x'" in d.message for d in latches} == {True, False}


@pytest.mark.sim
def test_parse_error_in_one_file_keeps_the_others_findings_and_blames_no_other_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.v"
    broken.write_text("module broken(input a, output y);\n  always @(*) begin\n    y = a\n  end\nendmodule\n")
    width = tmp_path / "width.v"
    width.write_text("module width(input [7:0] a, output [3:0] y);\n  wire [3:0] t;\n"
                     "  assign t = a;\n  assign y = t;\nendmodule\n")
    res = check_files([broken, width])  # Icarus reads broken.v first and then blames width.v
    in_width = [d for d in res.diagnostics if d.file == str(width)]
    assert [(d.line, d.severity, d.category) for d in in_width] == [(3, "warning", "width-mismatch")], \
        [d.gcc_format() for d in res.diagnostics]
    assert any(d.file == str(broken) and d.category == "syntax" and d.line == 3 for d in res.errors)


# --- classification cases ------------------------------------------------------------------------------
@pytest.mark.sim
def test_struct_field_driven_by_always_ff_and_assign_is_a_bug_not_a_tool_limit() -> None:
    src = ("module sd(input logic clk, input logic d, output logic q, output logic r);\n"
           "  typedef struct packed { logic a; logic b; } pair_t;\n  pair_t s;\n"
           "  always_ff @(posedge clk) s.a <= d;\n  assign s.a = ~d;\n  assign s.b = d;\n"
           "  assign q = s.a;\n  assign r = s.b;\nendmodule\n")
    got = _diags(src)
    assert got and all(c == "multiple-drivers" for _, _, c, _ in got), got
    assert ("error" in {s for _, s, _, _ in got})


@pytest.mark.sim
def test_legal_enum_cast_is_one_simulator_warning() -> None:
    src = ("module cast2(input logic [1:0] code, output logic [1:0] o);\n"
           "  typedef enum logic [1:0] {A, B, C, D} e_t;\n  e_t s;\n"
           "  assign s = e_t'(code + 2'd1);\n  assign o = s;\nendmodule\n")
    res = check_source(src, filename="cast2.sv")
    assert res.ok
    assert [(d.line, d.severity, d.category, d.tool) for d in res.diagnostics] == [
        (4, "warning", "unsupported-by-simulator", "iverilog")]  # was: 2 errors, one undeclared-identifier
    assert "Icarus" in res.diagnostics[0].message


@pytest.mark.sim
def test_valid_enum_fsm_passes_check_with_simulator_warnings_only() -> None:
    src = ("module fsm2(input logic clk, input logic rst, input logic go, output logic [1:0] st);\n"
           "  typedef enum logic [1:0] {IDLE, RUN, DONE} state_t;\n  state_t state, next;\n"
           "  always_ff @(posedge clk) if (rst) state <= IDLE; else state <= next;\n"
           "  always_comb begin\n    case (state)\n      IDLE: next = go ? RUN : IDLE;\n"
           "      RUN: next = state_t'(state + 2'd1);\n      default: next = IDLE;\n    endcase\n  end\n"
           "  assign st = state;\nendmodule\n")
    res = check_source(src, filename="fsm2.sv")
    assert res.ok, [d.gcc_format() for d in res.errors]  # was: 3 errors
    limits = res.simulator_limits
    assert [d.line for d in limits] == [7, 8] and all(d.tool == "iverilog" for d in limits)
    # slang's own warning on line 8 keeps its category (it was pulled into the Icarus limit as an error)
    assert any(d.tool == "slang" and d.rule == "arith-op-mismatch" and d.category == "other"
               for d in res.diagnostics)
    # the agent, which simulates with Icarus, still treats them as blocking
    assert len(res.simulator_limits_as_errors().errors) == 2


# --- excerpt, stdin ------------------------------------------------------------------------------------
@pytest.mark.sim
def test_excerpt_with_caret_and_no_snippet(tmp_path: Path) -> None:
    f = tmp_path / "t.v"
    f.write_text(TRUNC)
    lines = runner.invoke(app, ["check", str(f), "--snippet"]).stdout.splitlines()
    assert lines[1] == " 5 |   assign z = a;"
    assert lines[2] == "   |            ^"  # under the column of the finding (5:12)
    assert lines[0].startswith(f"{f}:5:12: warning:")
    plain = runner.invoke(app, ["check", str(f), "--no-snippet"]).stdout.splitlines()
    assert plain == [lines[0]]
    assert runner.invoke(app, ["check", str(f)]).stdout.splitlines() == plain  # not a terminal: no excerpt


@pytest.mark.sim
def test_check_reads_stdin() -> None:
    r = runner.invoke(app, ["check", "-", "--json"], input=TRUNC)
    data = json.loads(r.stdout)
    assert data["files"] == ["<stdin>"] and [d["line"] for d in data["diagnostics"]] == [5]
    assert data["diagnostics"][0]["file"] == "<stdin>"
    proc = _cli("check", "-", "x.v", stdin=TRUNC)
    assert proc.returncode == 2 and proc.stderr.startswith("error: - (stdin) cannot be mixed")
