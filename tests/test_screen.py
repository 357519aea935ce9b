"""The pyslang screen: preprocessed, elaborated checks that text matching misses."""

from __future__ import annotations

import pytest

from veriagent.hdl.screen import defined_modules, screen_source
from veriagent.sim.equivalence import reserved_name

HEADER = "module top_module(input a, input b, output y);\n"


def _screen(body: str, extra: str = ""):  # type: ignore[no-untyped-def]
    return screen_source(HEADER + body + "endmodule\n" + extra, reserved_name)


def test_macro_pasted_system_task_is_seen() -> None:
    """Finding: the regex screen missed `` `define SYS(n) $``n `` then `` `SYS(fopen) ``."""
    src = ("`define SYS(n) $``n\n" + HEADER + "  assign y = a;\n  integer f;\n"
           "  initial f = `SYS(fopen)(\"x\", \"w\");\nendmodule\n")
    assert screen_source(src, reserved_name).system_calls == ["$fopen"]


def test_pure_system_functions_do_not_isolate() -> None:
    scr = _screen("  localparam W = $clog2(8);\n  assign y = $signed({a, b}) > 0 && $countones({a, b}) == W;\n")
    assert scr.illegal is None and not scr.isolate


@pytest.mark.parametrize("body,extra,why", [
    ("  assign y = other.w;\n", "module other; wire w = 1'b1; endmodule\n", "leaves module `top_module`"),
    ("  initial force other.w = 1'b0;\n  assign y = a;\n", "module other; wire w; endmodule\n", "leaves module"),
    ("  assign y = $root.top_module.a;\n", "", "$root"),
    ("  assign y = a;\n  defparam other.P = 1;\n", "module other; parameter P = 0; endmodule\n", "`defparam`"),
    ("  assign y = va_ref__u.y;\n",
     "module fake(input x); wire q; top_module va_ref__u(.a(x), .b(x), .y(q)); endmodule\n", "leaves module"),
    ("  assign y = a;\n", "bind top_module spy s();\nmodule spy; endmodule\n", "`bind`"),
    ("  assign y = a;\n", "module veriagent_eq_top_1234; endmodule\n", "collides"),
])
def test_foreign_reach_is_illegal(body: str, extra: str, why: str) -> None:
    scr = _screen(body, extra)
    assert scr.illegal is not None and why in scr.illegal, scr.illegal
    assert "\n" not in scr.illegal


def test_downward_references_and_own_defparams_are_fine() -> None:
    scr = _screen("  sub u(.a(a), .y());\n  wire z = u.q;\n  defparam u.P = 2;\n"
                  "  genvar i;\n  generate for (i = 0; i < 2; i = i + 1) begin : g\n    wire w = a;\n  end endgenerate\n"
                  "  assign y = g[1].w & z;\n",
                  "module sub #(parameter P = 1)(input a, output y); wire q = a; assign y = a; endmodule\n")
    assert scr.illegal is None, scr.illegal


def test_include_is_not_opened_in_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Finding: `include "/dev/zero"` hung the in-process parser; includes are the compilers' job."""
    scr = screen_source('`include "/dev/zero"\n' + HEADER + "  assign y = a;\nendmodule\n", reserved_name)
    assert scr.illegal is None


def test_defined_modules_after_macros() -> None:
    assert defined_modules("`define M(n) module n\n`M(foo); endmodule\nmodule bar; endmodule\n") == ["bar", "foo"]
