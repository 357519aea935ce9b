"""hdl/text.py: the one set of Verilog text helpers (comments, module names, renaming)."""

from __future__ import annotations

from veriagent.hdl.text import (
    HEADER_RE,
    MODULE_HEAD_RE,
    looks_like_code,
    module_names,
    rename_modules,
    strip_comments,
)

SRC = """// module fake1(input a);
module top_module #(parameter W = 4) (input [W-1:0] a, output y); /* module fake2;
   still a comment */
  initial $display("// not a comment; module fake3(x);");
  sub u (.a(a), .y(y));
endmodule
module sub(input [3:0] a, output y); assign y = ^a; endmodule // tail
"""


def test_strip_comments_keeps_offsets_and_string_literals() -> None:
    bare = strip_comments(SRC)
    assert len(bare) == len(SRC) and bare.count("\n") == SRC.count("\n")
    assert "fake1" not in bare and "fake2" not in bare and "tail" not in bare
    assert '"// not a comment; module fake3(x);"' in bare
    assert bare.index("module top_module") == SRC.index("module top_module")
    blanked = strip_comments(SRC, strings=True)
    assert "fake3" not in blanked and len(blanked) == len(SRC)
    assert strip_comments("a /* open to the end\nb") == "a " + " " * len("/* open to the end") + "\n "


def test_module_names_and_code_detection() -> None:
    assert module_names(SRC) == ["top_module", "sub"]
    assert module_names("macromodule m; endmodule\nmodule automatic n(); endmodule") == ["m", "n"]
    assert looks_like_code(SRC)
    assert not looks_like_code("// module x(input a);\n")
    assert not looks_like_code('initial $display("module x;");')
    assert not looks_like_code("module x;\x00")
    assert looks_like_code("module \\esc-name (input a); endmodule")
    assert looks_like_code("(* keep *) module k; endmodule") and looks_like_code("/* c */ module k; endmodule")
    assert not looks_like_code("This reply has prose only and no module at all.\n")
    assert looks_like_code("`define MOD(n) module n\n`MOD(top)(input a);\nendmodule\n", anywhere=True)


def test_header_regexes() -> None:
    m = HEADER_RE.search(strip_comments(SRC))
    assert m is not None and m.group("name") == "top_module" and "parameter W" in m.group("params")
    assert "output y" in m.group("ports")
    prose = "The module is called counter. module counter(input clk);"
    assert [x.group(1) for x in MODULE_HEAD_RE.finditer(prose)] == ["counter"]


def test_rename_modules_renames_declarations_and_uses() -> None:
    text, mapping = rename_modules(SRC, "c1_")
    assert mapping == {"top_module": "c1_top_module", "sub": "c1_sub"}
    assert "module c1_sub(" in text and "c1_sub u (" in text
    assert "fake1" not in text and '"// not a comment; module fake3(x);"' in text
