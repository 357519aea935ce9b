"""Verilog text helpers shared by every layer: comment stripping (string-literal aware)."""

from __future__ import annotations

import re

_TOKEN_RE = re.compile(r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/', re.S)


def strip_comments(source: str, *, keep_lines: bool = True) -> str:
    """``source`` without ``//`` and ``/* */`` comments; string literals are left alone.

    Args:
        source: Verilog text.
        keep_lines: replace a block comment by as many newlines as it spanned, so that line
            numbers still match the original.
    """

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok.startswith('"'):
            return tok
        if tok.startswith("/*"):
            return "\n" * tok.count("\n") if keep_lines and "\n" in tok else " "
        return ""

    return _TOKEN_RE.sub(repl, source)
