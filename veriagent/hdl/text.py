"""Verilog text helpers shared by every layer (the only copy): comments, module names and headers, renaming.

These work on text, without a parser: for replies that are not yet code, for files a tool has not
seen, and where a parse would cost more than it tells. Comment stripping is string-literal aware
and keeps every offset, so a match in the stripped text points at the same place in the original.
"""

from __future__ import annotations

import re

IDENT = r"[A-Za-z_][A-Za-z0-9_$]*"
"""A simple (not escaped) Verilog identifier."""

_TOKEN_RE = re.compile(r'"(?:\\.|[^"\\\n])*"?|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")

MODULE_RE = re.compile(r"\b(?:macro)?module\s+(?:(?:automatic|static)\s+)?(" + IDENT + r")")
"""A module declaration (group 1: the name). Match it on :func:`strip_comments` output."""
MODULE_HEAD_RE = re.compile(MODULE_RE.pattern + r"(?=\s*[#(;])")
"""A module declaration followed by its parameter or port list: code, not prose about a module."""
_PARENS = r"(?:[^()]|\([^()]*\))*"
HEADER_RE = re.compile(
    r"\bmodule\s+(?P<name>" + IDENT + r")\s*(?P<params>#\s*\(" + _PARENS + r"\))?\s*"
    r"\((?P<ports>" + _PARENS + r")\)\s*;",
    re.S,
)
"""A whole ANSI module header ``module NAME #(...) (...);`` (groups ``name``, ``params``, ``ports``)."""
_CODE_RE = re.compile(
    r"^\s*(?:\(\*.*?\*\)\s*)?(?:macro)?module\s+(?:(?:automatic|static)\s+)?\\?[A-Za-z_]", re.M
)
_DECL_ANYWHERE_RE = re.compile(r"\b(?:macro)?module\s+(?:(?:automatic|static)\s+)?\\?[A-Za-z_]")
_DECL_KINDS = r"module|macromodule|primitive|package|interface|program"
_DECL_RE = re.compile(r"\b(" + _DECL_KINDS + r")\s+(?:(?:automatic|static)\s+)?(" + IDENT + r")")


def strip_comments(source: str, *, strings: bool = False) -> str:
    """``source`` with ``//`` and ``/* */`` comments blanked; string literals are left alone.

    Every character of a comment becomes a space and newlines stay, so offsets, line and column
    numbers match the original. An unterminated block comment runs to the end of the text.

    Args:
        source: Verilog text.
        strings: also blank the contents of string literals (their quotes stay), for matching
            keywords that must not come from a ``$display`` text.
    """

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok.startswith('"'):
            if not strings or len(tok) < 2:
                return tok
            inner = tok[1:-1] if tok.endswith('"') else tok[1:]
            return '"' + _NOT_NEWLINE.sub(" ", inner) + tok[1 + len(inner) :]
        return _NOT_NEWLINE.sub(" ", tok)

    return _TOKEN_RE.sub(repl, source)


def module_names(source: str) -> list[str]:
    """Names of the modules declared in ``source``, in order (comments and string literals ignored)."""
    return MODULE_RE.findall(strip_comments(source, strings=True))


def looks_like_code(source: str, *, anywhere: bool = False) -> bool:
    """True when ``source`` is text with a line that starts a module declaration (outside comments).

    Args:
        source: the text.
        anywhere: accept the declaration anywhere in a line (a macro body that declares a module, as
            the judge must screen it); prose that mentions a module then counts as code too.
    """
    if not source.strip() or "\x00" in source:
        return False
    return bool((_DECL_ANYWHERE_RE if anywhere else _CODE_RE).search(strip_comments(source, strings=True)))


def rename_modules(source: str, prefix: str) -> tuple[str, dict[str, str]]:
    """Prefix every module/package/primitive/interface defined in ``source``, with its uses.

    Declarations, ``endmodule : name`` labels, instantiations (``name #(`` / ``name inst (``) and
    package references (``name::``) are renamed; other identifiers are left alone.

    Args:
        source: the design text.
        prefix: e.g. ``"c3_"``.

    Returns:
        The renamed text (comments blanked) and the old -> new name map.
    """
    text = strip_comments(source)
    names = {m.group(2) for m in _DECL_RE.finditer(strip_comments(source, strings=True))}
    mapping = {n: prefix + n for n in names}
    if not names:
        return text, mapping
    alt = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    decl = re.compile(r"\b(" + _DECL_KINDS + r")(\s+(?:(?:automatic|static)\s+)?)(" + alt + r")\b")
    text = decl.sub(lambda m: m.group(1) + m.group(2) + mapping[m.group(3)], text)
    text = re.sub(
        r"\b(end(?:module|package|interface|program|primitive)\s*:\s*)(" + alt + r")\b",
        lambda m: m.group(1) + mapping[m.group(2)],
        text,
    )
    inst = re.compile(r"(^|[;\s)])(" + alt + r")(\s*#\s*\(|\s+" + IDENT + r"\s*(?:\[[^\]]*\]\s*)?\()", re.M)
    prev = None
    while prev != text:  # overlapping matches (`a b(...); a c(...)`) need a second pass
        prev = text
        text = inst.sub(lambda m: m.group(1) + mapping[m.group(2)] + m.group(3), text)
    text = re.sub(r"\b(" + alt + r")(\s*::)", lambda m: mapping[m.group(1)] + m.group(2), text)
    return text, mapping
