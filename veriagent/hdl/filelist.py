"""File lists (``-f FILE``) in the syntax Verilator and Icarus share.

One token per word; ``//`` and ``#`` start a comment. Understood: source files, ``+incdir+D1+D2``,
``-I D`` / ``-ID``, ``+define+N=V+M``, ``-D N=V`` / ``-DN=V``, nested ``-f FILE`` (paths relative to
the current directory, as Verilator does) and ``-F FILE`` (paths relative to that file's own
directory). ``$VAR`` / ``${VAR}`` are expanded. Anything else is refused with a message naming it.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from veriagent.errors import BadInput

_COMMENT = re.compile(r"//.*$|#.*$")
_MAX_DEPTH = 16


@dataclass
class FileList:
    """What a file list contributes to a check: sources, include directories, defines."""

    files: list[Path] = field(default_factory=list)
    include_dirs: list[Path] = field(default_factory=list)
    defines: dict[str, str | None] = field(default_factory=dict)


def parse_define(text: str) -> tuple[str, str | None]:
    """``NAME=VAL`` -> (NAME, VAL); ``NAME`` -> (NAME, None)."""
    name, eq, value = text.partition("=")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", name):
        raise BadInput(f"bad define {text!r}: expected NAME or NAME=VALUE")
    return name, value if eq else None


def read_filelist(
    path: Path, *, relative_to: Path | None = None, into: FileList | None = None, depth: int = 0
) -> FileList:
    """Parse one file list (and the lists it names) into a :class:`FileList`.

    Args:
        path: the list.
        relative_to: base of relative paths in it (default: the current directory, like ``-f``).
        into: the list to add to (nested ``-f``).
        depth: nesting level (guards against a list that includes itself).

    Returns:
        The files, include directories and defines it names, in order.

    Raises:
        BadInput: the list is missing, unreadable, nested too deep, or holds an unknown option.
    """
    out = into if into is not None else FileList()
    if depth > _MAX_DEPTH:
        raise BadInput(f"{path}: file lists nested more than {_MAX_DEPTH} deep (does one include itself?)")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file list") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read file list: {exc}") from None
    base = Path.cwd() if relative_to is None else relative_to
    tokens: list[str] = []
    for line in text.splitlines():
        try:
            tokens += shlex.split(_COMMENT.sub("", line))
        except ValueError as exc:
            raise BadInput(f"{path}: {exc}") from None

    def resolve(p: str) -> Path:
        q = Path(os.path.expandvars(p))
        return q if q.is_absolute() else base / q

    it = iter(tokens)
    for tok in it:
        if tok.startswith("+incdir+"):
            out.include_dirs += [resolve(d) for d in tok[len("+incdir+") :].split("+") if d]
        elif tok.startswith("+define+"):
            for item in (x for x in tok[len("+define+") :].split("+") if x):
                name, value = parse_define(item)
                out.defines[name] = value
        elif tok in ("-I", "-D", "-f", "-F"):
            arg = next(it, None)
            if arg is None:
                raise BadInput(f"{path}: {tok} needs an argument")
            _option(tok, arg, out, resolve, depth)
        elif tok[:2] in ("-I", "-D"):
            _option(tok[:2], tok[2:], out, resolve, depth)
        elif tok.startswith(("-", "+")):
            raise BadInput(
                f"{path}: unsupported option {tok!r} in file list "
                "(understood: files, +incdir+, +define+, -I, -D, -f, -F)"
            )
        else:
            out.files.append(resolve(tok))
    return out


def _option(opt: str, arg: str, out: FileList, resolve: Callable[[str], Path], depth: int) -> None:
    if opt == "-I":
        out.include_dirs.append(resolve(arg))
    elif opt == "-D":
        name, value = parse_define(arg)
        out.defines[name] = value
    elif opt == "-f":
        read_filelist(resolve(arg), into=out, depth=depth + 1)
    else:  # -F: paths relative to the nested list itself
        nested = resolve(arg)
        read_filelist(nested, relative_to=nested.parent, into=out, depth=depth + 1)


__all__ = ["FileList", "parse_define", "read_filelist"]
