"""Parsers and merging of tool output (no tools needed: the outputs below were captured from real runs)."""

from __future__ import annotations

from veriagent.hdl.diagnostics import (
    CATEGORIES,
    Diagnostic,
    display_path,
    merge_diagnostics,
    parse_icarus,
    parse_verilator,
    reclassify_icarus_limits,
)

ICARUS_OUT = """\
/s/a.v:8: warning: implicit definition of wire 'z'.
/s/b.v:4: sorry: constant selects in always_* processes are not currently supported (all bits will be included).
/s/c.sv:2: sorry: Unpacked structs not supported.
/s/d.v:7: error: Unknown module type: foo
2 error(s) during elaboration.
*** These modules were missing:
        foo referenced 1 times.
***
/s/e.v:4: syntax error
/s/e.v:4: error: malformed statement
/s/f.sv:5: vvp.tgt sorry: Case unique/unique0 qualities are ignored.
/s/g.v:7: warning: Port 2 (d) of reg4 expects 4 bits, got 8.
"""

VERILATOR_OUT = """\
%Warning-WIDTHTRUNC: /s/a.v:3:12: Operator ASSIGNW expects 4 bits on the Assign RHS, but Assign RHS's VARREF 'b' generates 8 bits.
                             : ... note: In instance 'top'
    3 |   assign y = b;
      |            ^
                     ... For warning description see https://verilator.org/warn/WIDTHTRUNC?v=0.000
%Warning-LATCH: /s/a.v:7:3: Latch inferred for signal 'top.l' (not all control paths of combinational always assign a value)
%Error-PINNOTFOUND: /s/d.v:6:18: Pin not found: 'yy'
%Error: /s/d.v:11:9: Can't find definition of variable: 'c'
%Error: /s/e.v:4:3: syntax error, unexpected end
%Error: Exiting due to 2 error(s), 1 warning(s)
"""

NAMES = {"/s/a.v": "a.v", "/s/b.v": "b.v", "/s/c.sv": "c.sv", "/s/d.v": "d.v", "/s/e.v": "e.v",
         "/s/f.sv": "f.sv", "/s/g.v": "g.v"}


def test_icarus_parser_categories_and_sorry() -> None:
    diags = parse_icarus(ICARUS_OUT, NAMES)
    got = [(d.file, d.line, d.severity, d.category) for d in diags]
    assert ("a.v", 8, "warning", "undeclared-identifier") in got
    assert ("b.v", 4, "info", "unsupported-by-simulator") in got  # harmless "all bits will be included"
    assert ("c.sv", 2, "warning", "unsupported-by-simulator") in got  # valid code, a simulator limit
    assert ("d.v", 7, "error", "unknown-module") in got
    assert ("e.v", 4, "error", "syntax") in got
    assert ("f.sv", 5, "info", "unsupported-by-simulator") in got
    assert ("g.v", 7, "warning", "width-mismatch") in got
    assert all(d.tool == "iverilog" for d in diags)
    assert not any("referenced" in d.message for d in diags)


def test_verilator_parser_rules() -> None:
    diags = parse_verilator(VERILATOR_OUT, NAMES)
    got = [(d.file, d.line, d.column, d.severity, d.category, d.rule) for d in diags]
    assert got == [
        ("a.v", 3, 12, "warning", "width-mismatch", "WIDTHTRUNC"),
        ("a.v", 7, 3, "warning", "latch-inferred", "LATCH"),
        ("d.v", 6, 18, "error", "port-mismatch", "PINNOTFOUND"),
        ("d.v", 11, 9, "error", "undeclared-identifier", ""),
        ("e.v", 4, 3, "error", "syntax", ""),
    ]


def test_merge_prefers_slang_line_for_syntax_and_lists_others() -> None:
    diags = [
        Diagnostic(file="e.v", line=3, column=11, category="syntax", message="expected ';'", tool="slang"),
        *parse_icarus(ICARUS_OUT, NAMES),
        *parse_verilator(VERILATOR_OUT, NAMES),
    ]
    merged = [d for d in merge_diagnostics(diags) if d.file == "e.v"]
    assert len(merged) == 1
    assert merged[0].line == 3 and merged[0].tool == "slang"
    assert merged[0].also_reported_by == ["iverilog", "verilator"]


def test_merge_same_line_same_category_and_by_signal_name() -> None:
    a = Diagnostic(file="x.v", line=4, severity="warning", category="latch-inferred",
                   message="Latch inferred for signal 'top.q'", tool="verilator", rule="LATCH")
    b = Diagnostic(file="x.v", line=6, severity="warning", category="latch-inferred",
                   message="latch inferred for 'q' because ...", tool="slang")
    c = Diagnostic(file="x.v", line=9, severity="warning", category="width-mismatch", message="w", tool="slang")
    merged = merge_diagnostics([b, a, c])
    assert [(d.line, d.tool, d.also_reported_by) for d in merged] == [(4, "verilator", ["slang"]),
                                                                      (9, "slang", [])]


def test_specific_category_wins_on_one_line() -> None:
    a = Diagnostic(file="x.v", line=5, category="procedural-assign-to-wire", message="net", tool="slang")
    b = Diagnostic(file="x.v", line=5, category="assign-to-input", message="Assigning to input 'd'",
                   tool="verilator", rule="ASSIGNIN")
    merged = merge_diagnostics([a, b])
    assert len(merged) == 1 and merged[0].category == "assign-to-input"


def test_icarus_syntax_error_in_file_slang_parses_is_a_tool_limit() -> None:
    diags = parse_icarus("/s/u.sv:5: syntax error\n/s/u.sv:5: error: Error in property_spec.\n", {"/s/u.sv": "u.sv"})
    out = reclassify_icarus_limits(diags, ["u.sv"])
    assert [(d.category, d.line) for d in out] == [("unsupported-by-simulator", 5)]
    # ... but not when slang also fails to parse it
    slang = Diagnostic(file="u.sv", line=5, category="syntax", message="expected ';'", tool="slang")
    kept = reclassify_icarus_limits([*diags, slang], ["u.sv"])
    assert "unsupported-by-simulator" not in {d.category for d in kept}


def test_gcc_format_and_categories_closed() -> None:
    d = Diagnostic(file="a.v", line=3, column=7, severity="warning", category="width-mismatch",
                   message="m", tool="verilator", rule="WIDTH")
    assert d.gcc_format() == "a.v:3:7: warning: m [verilator:WIDTH]"
    assert "other" in CATEGORIES and len(CATEGORIES) == 13


def test_display_path_maps_resolved_and_doubled_paths_back() -> None:
    names = {"/repo/tests/d/x.v": "tests/d/x.v"}
    assert display_path("/repo/tests/d/x.v", names) == "tests/d/x.v"
    # slang joining a relative name with its directory again
    assert display_path("tests/d/tests/d/x.v", names) == "tests/d/x.v"
    assert display_path("/elsewhere/y.v", names) == "/elsewhere/y.v"


def test_icarus_dangling_input_is_port_mismatch_and_outranks_other() -> None:
    out = "/s/t.sv:21: warning: Instantiating module cnt with dangling input port 2 (rst) floating.\n"
    (ic,) = parse_icarus(out, {"/s/t.sv": "t.sv"})
    assert ic.category == "port-mismatch" and ic.severity == "warning"
    # an `other` finding on a line where another tool names a specific category takes that category
    other = Diagnostic(file="t.sv", line=21, severity="warning", message="something vague", tool="iverilog")
    pin = Diagnostic(file="t.sv", line=21, column=17, severity="warning", category="port-mismatch",
                     message="Instance has missing pin: 'rst'", tool="verilator", rule="PINMISSING")
    merged = merge_diagnostics([other, pin])
    assert [(d.category, d.tool, d.also_reported_by) for d in merged] == [("port-mismatch", "verilator",
                                                                           ["iverilog"])]
    # ... an `other` of the same tool is kept, but ordered after the specific finding of its line
    lone = Diagnostic(file="t.sv", line=21, column=1, severity="warning", message="w", tool="verilator")
    cats = [d.category for d in merge_diagnostics([lone, pin])]
    assert cats == ["port-mismatch", "other"]


def test_blkandnblk_on_a_multiply_driven_signal_merges_into_multiple_drivers() -> None:
    blk = Diagnostic(file="m.sv", line=8, column=24, category="blocking-in-sequential", tool="verilator",
                     rule="BLKANDNBLK", message="Blocking and non-blocking assignments to ... variable: 'v'")
    mix = Diagnostic(file="m.sv", line=15, column=13, category="multiple-drivers", tool="slang",
                     rule="mixed-var-assigns", message="cannot mix continuous and procedural assignments to variable 'v'")
    merged = merge_diagnostics([blk, mix])
    assert [(d.line, d.category, d.also_reported_by) for d in merged] == [(15, "multiple-drivers", ["verilator"])]
    # BLKANDNBLK alone stays blocking-in-sequential
    assert merge_diagnostics([blk])[0].category == "blocking-in-sequential"


def test_icarus_elaboration_error_on_code_slang_accepts_is_a_tool_limit() -> None:
    diags = parse_icarus("/s/f.sv:4: error: This assignment requires an explicit cast.\n", {"/s/f.sv": "f.sv"})
    assert diags[0].category == "other"
    out = reclassify_icarus_limits(diags, ["f.sv"])
    assert [(d.category, d.rule) for d in out] == [("unsupported-by-simulator", "elaboration")]
    # not when slang reports an error in the design, nor when another tool flags the same line
    slang_err = Diagnostic(file="f.sv", line=9, category="undeclared-identifier", message="x", tool="slang")
    assert reclassify_icarus_limits([*diags, slang_err], ["f.sv"])[0].category == "other"
    lint = Diagnostic(file="f.sv", line=4, severity="warning", category="other", message="y", tool="verilator")
    assert reclassify_icarus_limits([*diags, lint], ["f.sv"])[0].category == "other"
