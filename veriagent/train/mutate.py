"""Single-site mutants of a Verilog source, and a formal equivalence check of a mutant (yosys).

Used by ``veriagent data build`` (repair pairs: a mutant the judge rejects -> the reference), by
tests and by ``benchmarks/mutants.py`` (how many wrong designs the judge catches). Mutation kinds:
flipped operator (& ↔ |, && ↔ ||, ^ → &, + ↔ -, == ↔ !=, < ↔ <=, > ↔ >=), wrong constant (±1,
flipped low bit), inverted condition (``if (x)`` → ``if (!(x))``), off-by-one in part-select ranges.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from veriagent import sandbox
from veriagent.bench.models import Problem
from veriagent.errors import BadInput
from veriagent.hdl import tools


@dataclass(frozen=True)
class Mutant:
    """One single-site change of a source."""

    kind: str
    line: int
    description: str
    source: str


def _mask(source: str) -> str:
    """The source with comments, strings and compiler directives blanked (same length)."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    out = re.sub(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\])*\"", blank, source, flags=re.S)
    return re.sub(r"(?m)^\s*`[^\n]*", blank, out)


def _paren_depths(masked: str) -> list[int]:
    depth, out = 0, []
    for ch in masked:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")":
            depth = max(0, depth - 1)
    return out


_DECL = re.compile(r"\b(input|output|inout|reg|wire|logic|integer|parameter|localparam|genvar)\b")


def _decl_lines(masked: str) -> set[int]:
    return {i + 1 for i, ln in enumerate(masked.splitlines()) if _DECL.search(ln)}


def mutants(source: str, limit: int | None = None) -> list[Mutant]:
    """All distinct single-site mutants of ``source`` (first ``limit`` of them, spread over the file).

    Args:
        source: Verilog source.
        limit: keep at most this many, chosen evenly across the sites.

    Returns:
        Mutants whose source differs from the original and from each other.
    """
    masked = _mask(source)
    depths = _paren_depths(masked)
    decl = _decl_lines(masked)
    sites: list[tuple[int, int, str, str]] = []  # (start, end, replacement, kind)
    # loop headers: flipping `i = i + 1` only makes a loop that never ends (slow, and uninteresting)
    for_spans = []
    for m in re.finditer(r"\bfor\s*\(", masked):
        end = masked.find(")", m.end())
        for_spans.append((m.end(), end if end >= 0 else len(masked)))

    def in_for(pos: int) -> bool:
        return any(a <= pos < b for a, b in for_spans)

    def line_of(pos: int) -> int:
        return masked.count("\n", 0, pos) + 1

    # operators
    for m in re.finditer(r"&&|\|\||===|!==|==|!=|<=|>=|<<|>>|[&|^~+\-<>]", masked):
        op, s, e = m.group(0), m.start(), m.end()
        prev = masked[s - 1] if s else ""
        nxt = masked[e] if e < len(masked) else ""
        ln = line_of(s)
        if op in ("&&", "||"):
            sites.append((s, e, "||" if op == "&&" else "&&", "operator"))
        elif op == "&" and prev not in "&~" and nxt != "&":
            sites.append((s, e, "|", "operator"))
        elif op == "|" and prev not in "|~" and nxt != "|":
            sites.append((s, e, "&", "operator"))
        elif op == "^" and prev != "~" and nxt != "~":
            sites.append((s, e, "&", "operator"))
        elif (
            op in ("+", "-")
            and nxt not in ":+-="
            and prev not in "+-'eE"
            and ln not in decl
            and not in_for(s)
        ):
            sites.append((s, e, "-" if op == "+" else "+", "operator"))
        elif op in ("==", "!="):
            sites.append((s, e, "!=" if op == "==" else "==", "operator"))
        elif op == "<=" and depths[s] > 0:
            sites.append((s, e, "<", "compare"))
        elif op == ">=" and depths[s] > 0:
            sites.append((s, e, ">", "compare"))
        elif op == "<" and depths[s] > 0:
            sites.append((s, e, "<=", "compare"))
        elif op == ">" and depths[s] > 0:
            sites.append((s, e, ">=", "compare"))
    # constants
    for m in re.finditer(r"(\d+)?'([sS]?)([bBdDhH])([0-9a-fA-F_xXzZ]+)|(?<![\w'$.])(\d+)(?![\w'.])", masked):
        s, e = m.start(), m.end()
        ln = line_of(s)
        if ln in decl and not re.search(r"\b(localparam|parameter)\b", masked.splitlines()[ln - 1]):
            continue
        before = masked[max(0, s - 2) : s]
        if "#" in before:
            continue
        in_range = masked.rfind("[", 0, s) > masked.rfind("]", 0, s)
        if m.group(5) is not None:
            val = int(m.group(5))
            kind = "range" if in_range else "constant"
            for new in (val + 1, val - 1):
                if new >= 0:
                    sites.append((s, e, str(new), kind))
            continue
        size, signed, base, digits = (
            m.group(1) or "",
            m.group(2),
            m.group(3).lower(),
            m.group(4).replace("_", ""),
        )
        if re.search(r"[xXzZ]", digits):
            continue
        radix = {"b": 2, "d": 10, "h": 16}[base]
        val = int(digits, radix)
        width = int(size) if size else 32
        for new in {val ^ 1, (val + 1) % (1 << width), (val - 1) % (1 << width)}:
            if new == val:
                continue
            text = format(new, {"b": "b", "d": "d", "h": "x"}[base])
            if base == "b" and size:
                text = text.zfill(width)
            sites.append((s, e, f"{size}'{signed}{m.group(3)}{text}", "constant"))
    # inverted conditions
    for m in re.finditer(r"\bif\s*\(", masked):
        open_at = m.end() - 1
        depth, i = 0, open_at
        while i < len(masked):
            if masked[i] == "(":
                depth += 1
            elif masked[i] == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if i >= len(masked):
            continue
        cond = source[open_at + 1 : i]
        sites.append((open_at, i + 1, f"(!({cond}))", "condition"))

    seen = {source}
    out: list[Mutant] = []
    for start, end, rep, kind in sorted(sites):
        mutated = source[:start] + rep + source[end:]
        if mutated in seen:
            continue
        seen.add(mutated)
        ln = line_of(start)
        out.append(
            Mutant(kind, ln, f"line {ln}: `{source[start:end].strip()}` -> `{rep.strip()}` ({kind})", mutated)
        )
    return out if limit is None else _sample(out, limit)


def yosys_equivalent(
    ref: str,
    mutant: str,
    top: str = "top_module",
    *,
    sequential: bool,
    reset: str | None = None,
    reset_active_low: bool = False,
    steps: int = 24,
    timeout: float = 120.0,
) -> bool | None:
    """Whether ``mutant`` is formally equivalent to ``ref`` (yosys miter + SAT).

    Combinational designs: a full proof. Sequential ones: a bounded proof over ``steps`` clock
    cycles from an all-zero state with reset asserted in the first cycle (what the judge does),
    outputs compared from the second cycle on; X in the reference is a don't-care.

    Returns:
        True (equivalent), False (a counterexample exists), None (yosys could not decide).
    """
    yosys = tools.locate("yosys")
    if yosys is None:
        return None
    with tempfile.TemporaryDirectory(prefix="veriagent-equiv-") as tmp:
        d = Path(tmp)
        (d / "gold.v").write_text(ref, encoding="utf-8")
        (d / "gate.v").write_text(mutant, encoding="utf-8")
        prep = f"prep -top {top}; flatten; memory_map; opt_clean; async2sync; opt_clean"
        if sequential:
            sets = f"-set-at 1 in_{reset} {0 if reset_active_low else 1} " if reset else ""
            sat = (
                f"sat -verify -prove trigger 0 -set-init-zero -enable_undef -set-def-inputs -seq "
                f"{steps} {sets}-prove-skip 1 miter"
            )
        else:
            sat = "sat -verify -prove trigger 0 -enable_undef -set-def-inputs miter"
        script = (
            f"read_verilog -sv gold.v; {prep}; rename {top} gold; design -stash gold; "
            f"read_verilog -sv gate.v; {prep}; rename {top} gate; design -stash gate; "
            "design -copy-from gold -as gold gold; design -copy-from gate -as gate gate; "
            "miter -equiv -flatten -make_outputs -ignore_gold_x gold gate miter; hierarchy -top miter; "
            f"{sat}"
        )
        res = sandbox.run([yosys, "-q", "-p", script], cwd=d, timeout=timeout)
        text = res.output
        if res.timed_out:
            return None
        if res.returncode == 0:
            return True
        if "proof did fail" in text or "model found" in text:
            return False
        return None


@dataclass
class MutationOutcome:
    """What the judge and yosys said about the mutants of one problem."""

    problem: str
    generated: int
    caught: int
    survived: list[Mutant]
    equivalent: list[Mutant]
    """Survivors yosys proves equivalent (for sequential designs: over the bounded horizon)."""
    misses: list[Mutant]
    """Survivors yosys shows to differ: real misses of the judge."""
    undecided: list[Mutant]
    judge_seconds: float
    reference_passed: bool
    rejected_checked: int = 0
    """Rejected mutants sent to yosys too (a sample; see ``check_problem``)."""
    false_fails: list[Mutant] = field(default_factory=list)
    """Rejected mutants yosys proves equivalent: the judge failed a correct design."""
    rejected_undecided: list[Mutant] = field(default_factory=list)
    """Rejected mutants yosys could not decide (e.g. ones it cannot read)."""


def _sample(items: list[Mutant], n: int) -> list[Mutant]:
    """``n`` of ``items`` spread evenly (deterministic), all of them when there are fewer."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def check_problem(
    problem: Problem,
    *,
    limit: int | None = 25,
    batch_size: int = 20,
    seed: int = 1,
    timeout: float = 60.0,
    steps: int = 24,
    prove_rejected: int = 0,
) -> MutationOutcome:
    """Judge the reference and its mutants (batched equivalence judge); decide survivors with yosys.

    ``prove_rejected``: also send this many of the mutants the judge rejected to yosys (spread
    evenly); one yosys proves equivalent is a false fail of the judge. For sequential designs the
    proof is bounded (``steps`` cycles), so a "false fail" there may differ only later.
    """
    import time

    from veriagent.bench.judge import judge_candidates
    from veriagent.bench.models import Candidate

    if problem.ref_path is None:
        raise BadInput(f"problem {problem.id} has no reference design to mutate")
    ref = problem.ref_path.read_text(encoding="utf-8")
    muts = mutants(ref, limit=limit)
    cands = [Candidate(problem=problem.id, sample=0, source=ref)]
    cands += [Candidate(problem=problem.id, sample=i + 1, source=m.source) for i, m in enumerate(muts)]
    start = time.monotonic()
    results = judge_candidates(
        problem, cands, judge="equivalence", batch_size=batch_size, seed=seed, timeout=timeout
    )
    secs = time.monotonic() - start
    survived = [m for m, r in zip(muts, results[1:], strict=True) if r.passed]
    rejected = [m for m, r in zip(muts, results[1:], strict=True) if not r.passed]

    def prove(m: Mutant) -> bool | None:
        return yosys_equivalent(
            ref,
            m.source,
            problem.top,
            sequential=problem.sequential,
            reset=problem.reset.name if problem.reset else None,
            reset_active_low=problem.reset.active_low if problem.reset else False,
            steps=steps,
        )

    eq: list[Mutant] = []
    miss: list[Mutant] = []
    und: list[Mutant] = []
    for m in survived:
        verdict = prove(m)
        (eq if verdict is True else miss if verdict is False else und).append(m)
    checked = _sample(rejected, prove_rejected)
    false_fails, rej_und = [], []
    for m in checked:
        verdict = prove(m)
        if verdict is True:
            false_fails.append(m)
        elif verdict is None:
            rej_und.append(m)
    return MutationOutcome(
        problem.id,
        len(muts),
        len(muts) - len(survived),
        survived,
        eq,
        miss,
        und,
        secs,
        results[0].passed,
        len(checked),
        false_fails,
        rej_und,
    )
