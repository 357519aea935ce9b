"""`veriagent check` with the real tools: the buggy/correct corpora, formats, exit codes, bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MainRun
from typer.testing import CliRunner

from veriagent.cli import app
from veriagent.errors import BadInput
from veriagent.hdl.check import MAX_FILE_BYTES, check_files, check_source
from veriagent.hdl.diagnostics import CATEGORIES

DATA = Path(__file__).parent / "data"
BUGGY = sorted((DATA / "buggy").glob("*.*v"))
CORRECT = sorted((DATA / "correct").glob("*.*v"))
EXPECT = re.compile(r"expect:\s*line=(\d+)\s+category=([\w-]+)")
runner = CliRunner()


def _expected(path: Path) -> tuple[int, str]:
    m = EXPECT.search(path.read_text())
    assert m, f"{path.name}: no expect header"
    return int(m.group(1)), m.group(2)


def test_corpus_sizes_and_coverage() -> None:
    assert len(BUGGY) >= 40 and len(CORRECT) >= 30
    cats = [_expected(p)[1] for p in BUGGY]
    assert set(cats) == set(CATEGORIES), set(CATEGORIES) - set(cats)
    assert any(p.suffix == ".sv" for p in CORRECT) and any(p.suffix == ".v" for p in CORRECT)


@pytest.mark.sim
def test_buggy_corpus_line_and_category_accuracy() -> None:
    right_line = right_cat = 0
    misses = []
    for path in BUGGY:
        line, cat = _expected(path)
        res = check_files([path])
        found = [d for d in res.diagnostics if d.severity != "info"]
        cat_hit = any(d.category == cat for d in found)
        line_hit = any(d.line == line for d in found if d.category == cat or not cat_hit)
        right_cat += cat_hit
        right_line += line_hit
        if not (cat_hit and line_hit):
            misses.append(f"{path.name}: want {line}/{cat}, got {[(d.line, d.category) for d in found]}")
    n = len(BUGGY)
    print(f"\nbuggy corpus: right line {right_line}/{n} = {right_line / n:.1%}, "
          f"right category {right_cat}/{n} = {right_cat / n:.1%}")
    for m in misses:
        print("  miss:", m)
    assert right_line / n >= 0.90
    assert right_cat / n >= 0.85


@pytest.mark.sim
@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.name)
def test_correct_design_is_clean(path: Path) -> None:
    res = check_files([path])
    assert res.ok, [d.gcc_format() for d in res.errors]
    assert not res.warnings, [d.gcc_format() for d in res.warnings]
    assert set(res.tools) == {"iverilog", "verilator", "slang"}


@pytest.mark.sim
def test_check_source_names_the_given_file_and_top() -> None:
    src = "module m(input a, output y);\n  assign y = ~a\nendmodule\n"
    res = check_source(src, filename="inv.v")
    assert not res.ok and res.files == ["inv.v"]
    assert [(d.file, d.line, d.category) for d in res.errors] == [("inv.v", 2, "syntax")]
    with pytest.raises(BadInput, match="top module 'nope'"):
        check_source(src.replace("~a\n", "~a;\n"), top="nope")


@pytest.mark.sim
def test_cli_exit_codes_and_text_format(tmp_path: Path) -> None:
    bad = DATA / "buggy" / "width_trunc_assign.v"  # warnings only
    r = runner.invoke(app, ["check", str(bad)])
    assert r.exit_code == 0
    assert re.match(rf"^{re.escape(str(bad))}:4:12: warning: .* \[verilator:WIDTHTRUNC\]$", r.stdout.splitlines()[0])
    err = DATA / "buggy" / "syn_missing_semi_nba.v"
    r = runner.invoke(app, ["check", str(err)])
    assert r.exit_code == 1
    assert f"{err}:5:11: error: expected ';' [slang" in r.stdout
    r = runner.invoke(app, ["check", str(CORRECT[0])])
    assert r.exit_code == 0 and r.stdout == ""
    assert "0 error(s), 0 warning(s)" in r.stderr


@pytest.mark.sim
def test_cli_json_format() -> None:
    path = DATA / "buggy" / "multi_two_always.v"
    r = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert {"files", "tools", "seconds", "diagnostics", "ok", "errors", "warnings"} <= set(data)
    d = data["diagnostics"][0]
    assert {"file", "line", "column", "severity", "category", "message", "tool", "rule"} <= set(d)
    assert d["category"] == "multiple-drivers" and d["line"] == 5


@pytest.mark.sim
def test_cli_sarif_format() -> None:
    path = DATA / "buggy" / "latch_case_no_default.v"
    r = runner.invoke(app, ["check", str(path), "--format", "sarif"])
    log = json.loads(r.stdout)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "veriagent"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == list(CATEGORIES)
    res = run["results"][0]
    assert res["ruleId"] == "latch-inferred" and res["level"] == "warning"
    assert rule_ids[res["ruleIndex"]] == res["ruleId"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == str(path) and loc["region"]["startLine"] == 4


def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    (tmp / "empty.v").write_text("")
    (tmp / "bin.v").write_bytes(b"\x7fELF\x00\x01\x02" * 10)
    (tmp / "latin1.v").write_bytes("// caf\xe9\nmodule m; endmodule\n".encode("latin-1"))
    (tmp / "nomod.v").write_text("// just a comment about a module\nwire x;\n")
    big = tmp / "big.v"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES * 10)  # 50 MB, sparse
    return {
        "missing": ([str(tmp / "nope.v")], "no such file"),
        "directory": ([str(tmp)], "is a directory"),
        "empty": ([str(tmp / "empty.v")], "empty file"),
        "binary": ([str(tmp / "bin.v")], "binary file"),
        "non-utf8": ([str(tmp / "latin1.v")], "not UTF-8"),
        "no-module": ([str(tmp / "nomod.v")], "no module"),
        "too-big": ([str(big)], "limit"),
        "bad-format": ([str(CORRECT[0]), "--format", "xml"], "unknown --format"),
        "bad-top": ([str(CORRECT[0]), "--top", "zzz"], "top module 'zzz'"),
    }


def test_cli_bad_input_one_line_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("veriagent"))
    for case, (args, needle) in _bad_inputs(tmp_path).items():
        proc = subprocess.run([exe, "check", *args], capture_output=True, text=True, timeout=60)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, (case, proc.stderr)
        assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], (case, lines)
        assert "Traceback" not in proc.stderr + proc.stdout


def test_missing_iverilog_is_tool_missing(monkeypatch: pytest.MonkeyPatch, run_main: Callable[..., MainRun]) -> None:
    from veriagent.errors import ToolMissing

    monkeypatch.setenv("VERIAGENT_IVERILOG", "/nonexistent/iverilog")
    with pytest.raises(ToolMissing, match="iverilog is not installed"):
        check_files([CORRECT[0]])
    # What the user sees, through the console script's own error boundary: one line, exit 2.
    r = run_main("check", str(CORRECT[0]))
    assert r.code == 2, r
    assert len(r.error_lines) == 1, r.stderr
    assert r.error_lines[0].startswith("error: ") and "iverilog is not installed" in r.error_lines[0], r.stderr


@pytest.mark.sim
def test_missing_verilator_is_skipped_with_info(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIAGENT_VERILATOR", "/nonexistent/verilator")
    res = check_files([DATA / "buggy" / "syn_missing_semi_assign.v"])
    assert "verilator" not in res.tools
    assert any(d.severity == "info" and "verilator is not installed" in d.message for d in res.diagnostics)
    assert [d.category for d in res.errors] == ["syntax"]


@pytest.mark.sim
@pytest.mark.parametrize("tool", ["iverilog", "verilator"])
def test_tool_timeout_is_one_error_naming_the_tool(tool: str) -> None:
    path = DATA / "correct" / "mux4_case.v"
    res = check_files([path], timeout=0.001, tools=(tool,))
    found = [(d.tool, d.severity, d.category, d.file) for d in res.diagnostics]
    assert found == [(tool, "error", "other", str(path))]
    assert res.diagnostics[0].message == f"{tool} timed out after 0 s"


@pytest.mark.sim
def test_relative_path_from_another_cwd_names_the_given_file(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    sub = tmp_path / "proj" / "rtl"
    sub.mkdir(parents=True)
    src = (DATA / "buggy" / "syn_missing_semi_nba.v").read_text()
    (sub / "dut.v").write_text(src)
    (sub / "defs.vh").write_text("`define W 4\n")
    (sub / "inc.v").write_text('`include "defs.vh"\nmodule inc(input [`W-1:0] a, output [`W-1:0] y);\n'
                               "  assign y = a;\nendmodule\n")
    monkeypatch.chdir(tmp_path)
    given = "proj/rtl/dut.v"
    res = check_files([Path(given)])
    assert res.files == [given]
    assert res.diagnostics and {d.file for d in res.diagnostics} == {given}
    first = res.errors[0]
    assert first.category == "syntax" and first.line == 5
    assert first.tool == "slang" and first.also_reported_by, first  # merged across tools
    # the CLI, run from the same cwd, prints the same relative path
    r = runner.invoke(app, ["check", given, "--format", "json"])
    assert {d["file"] for d in json.loads(r.stdout)["diagnostics"]} == {given}
    # `include next to the file is found by every tool, whatever the cwd
    assert check_files([Path("proj/rtl/inc.v")]).diagnostics == []


LATCH_CASE = """\
module dec(input [1:0] op, output reg a, output reg b);
  always @* begin
    case (op)
      2'd0: begin a = 1'b1; b = 1'b0; end
      2'd1: begin a = 1'b0; end
      default: begin a = 1'b0; b = 1'b1; end
    endcase
  end
endmodule
"""

LATCH_IF_CHAIN = """\
module pick(input s, input t, input [3:0] x, input [3:0] y, output reg [3:0] o, output reg v);
  always @(s or t or x or y) begin
    v = 1'b0;
    if (s) o = x;
    else if (t) begin o = y; v = 1'b1; end
  end
endmodule
"""

NO_LATCH = """\
module ok(input [1:0] op, input [3:0] x, output reg [3:0] o, output reg z);
  always @(*) begin
    o = 4'd0;
    z = 1'b0;
    case (op)
      2'd0: o = x;
      2'd1: begin o = ~x; z = 1'b1; end
      2'd2: o = x >> 1;
      2'd3: o = x << 1;
    endcase
  end
endmodule
"""


@pytest.mark.sim
@pytest.mark.parametrize(("src", "line"), [(LATCH_CASE, 2), (LATCH_IF_CHAIN, 2)], ids=["case", "if-chain"])
def test_latch_in_plain_always_block_is_reported_at_the_always_line(src: str, line: int) -> None:
    res = check_source(src, filename="l.v")
    latches = [d for d in res.diagnostics if d.category == "latch-inferred"]
    assert latches and latches[0].line == line, [d.gcc_format() for d in res.diagnostics]
    assert "slang" in {latches[0].tool, *latches[0].also_reported_by}
    slang_only = check_source(src, filename="l.v", tools=("slang",))
    assert [(d.line, d.category) for d in slang_only.diagnostics] == [(line, "latch-inferred")]


@pytest.mark.sim
def test_fully_assigned_plain_always_block_has_no_latch() -> None:
    res = check_source(NO_LATCH, filename="ok.v")
    assert res.diagnostics == [], [d.gcc_format() for d in res.diagnostics]


@pytest.mark.sim
def test_unsigned_compare_with_parameter_is_clean() -> None:
    src = ("module tick #(parameter N = 12) (input clk, input rst, output reg t);\n"
           "  reg [3:0] c;\n"
           "  always @(posedge clk)\n"
           "    if (rst) begin c <= 4'd0; t <= 1'b0; end\n"
           "    else if (c == N - 1) begin c <= 4'd0; t <= 1'b1; end\n"
           "    else begin c <= c + 4'd1; t <= 1'b0; end\n"
           "endmodule\n")
    res = check_source(src, filename="tick.v")
    assert res.diagnostics == [], [d.gcc_format() for d in res.diagnostics]


@pytest.mark.sim
def test_icarus_cast_error_on_legal_enum_code_is_a_simulator_limit() -> None:
    src = ("module fsm(input logic clk, input logic go, output logic busy);\n"
           "  typedef enum logic {IDLE, RUN} st_t;\n"
           "  st_t st, nx;\n"
           "  always_comb nx = go ? RUN : IDLE;\n"
           "  always_ff @(posedge clk) st <= nx;\n"
           "  assign busy = (st == RUN);\n"
           "endmodule\n")
    res = check_source(src, filename="fsm.sv")
    assert res.ok, [d.gcc_format() for d in res.errors]
    assert [(d.line, d.category, d.tool, d.severity) for d in res.diagnostics] == [
        (4, "unsupported-by-simulator", "iverilog", "warning")]
    assert res.simulator_limits[0].message.startswith("Icarus")
