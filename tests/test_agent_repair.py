"""Mechanical repairs that need no model call (veriagent.agent.repair)."""

from __future__ import annotations

import pytest

from veriagent.agent.repair import fix_header_begin, fix_port_redeclared, mechanical_fixes
from veriagent.hdl.check import check_source

HEADER_BEGIN = """module top_module (
    input [7:0] a,
    input [7:0] b,
    output [7:0] s
) begin
    assign s = a + b;
endmodule
"""

HEADER_BEGIN_WITH_END = """module top_module #(parameter W = 4) (input [W-1:0] a, output reg [W-1:0] y) begin
    always @(*) begin
        y = ~a;
    end
end
endmodule
"""


def test_header_begin_is_closed_with_a_semicolon() -> None:
    fixed = fix_header_begin(HEADER_BEGIN)
    assert fixed is not None and ");\n    assign s = a + b;" in fixed


def test_header_begin_drops_the_matching_end() -> None:
    fixed = fix_header_begin(HEADER_BEGIN_WITH_END)
    assert fixed is not None
    assert fixed.count("begin") == fixed.count("end") - fixed.count("endmodule")


def test_header_begin_leaves_correct_code_alone() -> None:
    assert fix_header_begin("module m(input a, output y);\n  always @(*) begin y = a; end\nendmodule\n") is None


@pytest.mark.sim
@pytest.mark.parametrize("source", [HEADER_BEGIN, HEADER_BEGIN_WITH_END])
def test_header_begin_repair_compiles_clean(source: str) -> None:
    before = check_source(source, "top_module")
    assert not before.ok and any(d.category == "syntax" for d in before.errors)
    fixed, done = mechanical_fixes(source, before.diagnostics)
    assert done and "`) begin`" in done[0]
    after = check_source(fixed, "top_module")
    assert after.ok, [d.gcc_format() for d in after.errors]


REDECLARED = """module top_module (
    input clk,
    input [7:0] d,
    output [7:0] q,
    output [7:0] n
);
    reg [7:0] q = 8'h00;   // the 1.5B model's habit: the port again, as a reg
    wire [7:0] n;
    assign n = ~q;
    always @(posedge clk) q <= d;
endmodule
"""


@pytest.mark.sim
def test_port_declared_again_in_the_body_is_fixed_mechanically() -> None:
    before = check_source(REDECLARED, "top_module", filename="design.v")
    assert not before.ok and any("Duplicate declaration" in d.message for d in before.errors)
    fixed, done = mechanical_fixes(REDECLARED, before.errors)
    assert any("declared again" in x for x in done)
    assert "output reg [7:0] q" in fixed and "reg [7:0] q =" not in fixed and "wire [7:0] n;" not in fixed
    after = check_source(fixed, "top_module", filename="design.v")
    assert after.ok, [d.message for d in after.errors]
    # an input declared again is not touched (no unambiguous intent)
    assert fix_port_redeclared("module m(input a, output y);\n  reg a;\n  assign y = a;\nendmodule\n", "a") is None
