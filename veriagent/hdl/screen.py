"""Screen a candidate on its preprocessed, elaborated form (pyslang) before it shares a simulation.

Text screens are fooled by macros (`` `define SYS(n) $``n ``); this one reads what the parser
sees after preprocessing and what elaboration resolves. It finds:

- system task/function calls other than pure ones (``$clog2``, ``$signed``...): the candidate is
  judged alone, never batched with others;
- hierarchical references or ``defparam`` targets that leave the module instance they are written
  in (upward names, other top-level modules), ``$root``, ``bind`` directives, and module names
  that collide with the harness's (or that escape renaming): the candidate is rejected
  (``illegal-construct``) with a one-line reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

#: System functions with no effect outside the design: a candidate using only these is batched.
PURE_SYSTEM_CALLS = frozenset(
    {
        "$clog2",
        "$signed",
        "$unsigned",
        "$bits",
        "$size",
        "$high",
        "$low",
        "$left",
        "$right",
        "$increment",
        "$dimensions",
        "$unpacked_dimensions",
        "$countones",
        "$countbits",
        "$onehot",
        "$onehot0",
        "$isunknown",
        "$past",
        "$rose",
        "$fell",
        "$stable",
        "$changed",
        "$sampled",
        "$itor",
        "$rtoi",
        "$bitstoreal",
        "$realtobits",
        "$ln",
        "$log10",
        "$exp",
        "$sqrt",
        "$pow",
        "$floor",
        "$ceil",
        "$sin",
        "$cos",
        "$tan",
        "$abs",
        "$typename",
        "$isunbounded",
        "$cast",
    }
)
_SPACE = re.compile(r"\s+")


@dataclass
class Screen:
    """What the screen found in one candidate."""

    illegal: str | None = None
    """One-line reason to reject the candidate (``illegal-construct``), or None."""
    system_calls: list[str] = field(default_factory=list)
    """Impure system tasks/functions it calls (it must then be judged alone)."""
    modules: list[str] = field(default_factory=list)
    """Module (and other design unit) names it defines, after preprocessing."""

    @property
    def isolate(self) -> bool:
        return bool(self.system_calls)


def _line(tree: Any, loc: Any) -> int:
    try:
        return int(tree.sourceManager.getLineNumber(loc))
    except Exception:  # pragma: no cover - location in a macro buffer
        return 0


def screen_source(source: str, reserved: Callable[[str], bool], filename: str = "candidate.sv") -> Screen:
    """Screen ``source`` (see the module docs).

    Args:
        source: the candidate's text.
        reserved: true for a module name the harness uses (the candidate may not define it).
        filename: name used in line references.

    Returns:
        A :class:`Screen`; a design pyslang cannot parse gets an empty screen (the compilers judge it).
    """
    from pyslang import ast

    from veriagent.hdl.slang_lint import parse_untrusted

    out = Screen()
    try:
        tree = parse_untrusted(source, filename)
    except Exception as exc:  # e.g. nesting too deep for the parser: the compile step reports it
        log.debug("screen: pyslang cannot parse %s: %s", filename, exc)
        return out
    calls: set[str] = set()
    binds: list[int] = []

    def tokens(node: Any) -> bool:
        kind = str(getattr(node, "kind", ""))
        if kind.endswith(".SystemIdentifier"):
            name = str(node).strip()
            if name not in PURE_SYSTEM_CALLS:
                calls.add(name)
        elif kind.endswith(".BindDirective"):
            binds.append(_line(tree, node.sourceRange.start))
        return True

    tree.root.visit(tokens)
    out.system_calls = sorted(calls)
    if binds:
        out.illegal = f"`bind` directive (line {binds[0]}): binding into other scopes is not allowed"
        return out
    comp = ast.Compilation()
    comp.addSyntaxTree(tree)
    out.modules = sorted({d.name for d in comp.getDefinitions() if getattr(d, "name", "")})
    clash = [m for m in out.modules if reserved(m)]
    if clash:
        out.illegal = f"module `{clash[0]}` collides with a name the judge's harness uses"
        return out
    why = _foreign_reference(comp, tree)
    if why:
        out.illegal = why
    return out


def defined_modules(source: str) -> list[str]:
    """Names of the design units ``source`` defines after preprocessing (macros expanded)."""
    from pyslang import ast

    from veriagent.hdl.slang_lint import parse_untrusted

    comp = ast.Compilation()
    comp.addSyntaxTree(parse_untrusted(source))
    return sorted({d.name for d in comp.getDefinitions() if getattr(d, "name", "")})


def _instances(root: Any) -> Iterable[Any]:
    from pyslang import ast

    stack = list(root.topInstances)
    while stack:
        inst = stack.pop()
        yield inst
        found: list[Any] = []

        def child(sym: Any, found: list[Any] = found) -> Any:
            if isinstance(sym, ast.InstanceSymbol):
                found.append(sym)
                return ast.VisitAction.Skip
            return ast.VisitAction.Advance

        inst.body.visit(child)
        stack.extend(found)


def _foreign_reference(comp: Any, tree: Any) -> str | None:
    """Why a hierarchical name or defparam in ``comp`` leaves its module instance, or None."""
    from pyslang import ast

    for inst in _instances(comp.getRoot()):
        here = inst.hierarchicalPath
        bad: list[str] = []

        def visit(obj: Any, inst: Any = inst, here: str = here, bad: list[str] = bad) -> Any:
            if isinstance(obj, ast.InstanceSymbol) and obj is not inst:
                return ast.VisitAction.Skip
            if bad:
                return ast.VisitAction.Interrupt
            if isinstance(obj, ast.Expression) and obj.kind == ast.ExpressionKind.HierarchicalValue:
                sym: Any = getattr(obj, "symbol", None)
                text = (
                    _SPACE.sub("", str(obj.syntax))
                    if obj.syntax is not None
                    else str(getattr(sym, "name", ""))
                )
                target = str(getattr(sym, "hierarchicalPath", ""))
                inside = target.startswith(here + ".") and target[len(here) + 1 :].endswith(text)
                if "$root" in text or not inside:
                    loc = obj.sourceRange.start
                    bad.append(
                        f"hierarchical reference `{text}` (line {_line(tree, loc)}) leaves module "
                        f"`{inst.definition.name}`"
                    )
            elif isinstance(obj, ast.DefParamSymbol):
                target = obj.target.hierarchicalPath if obj.target is not None else ""
                if not target.startswith(here + "."):
                    bad.append(
                        f"`defparam` (line {_line(tree, obj.location)}) sets a parameter outside module "
                        f"`{inst.definition.name}`"
                    )
            return ast.VisitAction.Advance

        inst.body.visit(visit)
        if bad:
            return bad[0]
    return None


__all__ = ["PURE_SYSTEM_CALLS", "Screen", "defined_modules", "screen_source"]
