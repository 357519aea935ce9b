"""Verified samples made from a suite's own references: repair pairs and spec-notation pairs.

* **Functional repair pairs**: single-site mutants of each reference (:mod:`veriagent.train.mutate`)
  are judged in batches by the equivalence judge (the sandboxed harness of ``veriagent bench``);
  each mutant the judge rejects as a functional mismatch becomes (spec, broken design, the feedback
  the agent would show) -> the reference. The feedback is the agent's own ``sim_feedback`` over the
  judge's first mismatching samples, written in the agent's test-harness message format
  (``<when> <inputs>: expected y=..., got y=...``), and the prompt is the agent's ``repair-tests``
  template: a tuned model sees in training what the agent shows it.
* **Compile repair pairs**: edits that break the reference in one diagnostics category (a missing
  ``;``, a misspelt identifier, ``output reg`` turned into a wire); each edit the checker rejects
  becomes (broken design, the checker's diagnostics through the agent's ``check_feedback``) ->
  the reference, in the agent's ``repair-check`` prompt. The sample's ``detail`` names the category
  the checker reported.
* **Notation pairs**: every ``spec.<style>.md`` of a problem x its reference, in the agent's draft
  prompt (``tests/test_spec_styles.py`` checks that each notation names the reference's ports).

* **Round-trip descriptions** (:mod:`veriagent.train.roundtrip`, the one source that needs a model):
  the model's descriptions of each reference's behaviour, under the reference's own module header,
  kept when a design rebuilt from one alone passes the judge.

Per-problem results are cached (``<cache>/<source>-<problem>-<hash>.json``): the judge runs once per
reference, mutant set and code version; a rebuild reads the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veriagent.bench.models import Candidate, JudgeResult, Problem
from veriagent.errors import BadInput
from veriagent.train.data import Sample, SourceCounts

if TYPE_CHECKING:
    from veriagent.train.roundtrip import RoundTrip

log = logging.getLogger(__name__)

CACHE_VERSION = "1"
"""Bump when what a cached entry holds changes (prompt format, feedback rendering)."""
MAX_ROWS = 3
"""Mismatching samples shown in a functional repair prompt (the agent's harness stops at the first)."""
NOTATIONS = ("prose", "sections", "table", "parens")
MODEL_ERROR = "model-error"
"""A drop reason that says the model failed, not the data: such a problem's entry is not cached."""

Progress = Callable[[str], None]


def reference_source(problem: Problem) -> str:
    """The reference text, its module renamed to the problem's ``top`` when they differ.

    Raises:
        BadInput: the problem has no reference.
    """
    if problem.ref_path is None:
        raise BadInput(f"problem {problem.id} has no reference design")
    rtl = problem.ref_path.read_text(encoding="utf-8", errors="replace")
    if problem.ref_top and problem.ref_top != problem.top:
        rtl = re.sub(r"\bmodule\s+" + re.escape(problem.ref_top) + r"\b", f"module {problem.top}", rtl)
    return rtl


def _agent_ctx(problem: Problem) -> tuple[str, dict[str, Any]] | None:
    """(system prompt, interface template values) the agent would use for ``problem``, or None."""
    from veriagent.agent import prompts
    from veriagent.agent.spec import interface_from_spec

    iface = interface_from_spec(problem.spec, problem.top, problem.interface_header)
    if iface is None:
        return None
    return prompts.render("system").strip(), prompts.interface_context(iface)


def _repair_sample(problem: Problem, system: str, user: str, ref: str, detail: str) -> Sample:
    """A repair pair of ``problem``: the agent's (system, user) prompt -> the reference ``ref``."""
    from veriagent.train.data import fence

    messages = [
        {"role": "system", "content": system},
        {"role": "user", "content": user},
        {"role": "assistant", "content": fence(ref)},
    ]
    return Sample(
        messages=messages,
        problem=problem.id,
        source="",
        kind="repair",
        category=problem.category,
        detail=detail,
    ).set_spec(problem.spec)


# --------------------------------------------------------------------------------------------------
# Functional repair pairs
# --------------------------------------------------------------------------------------------------


def _value(v: str) -> str:
    """A judge value (``4'b0101``, ``0101``) as the agent's harness prints it: decimal, or the X/Z digits."""
    digits = v.split("'")[-1]
    radix = 2
    if "'" in v and digits[:1].lower() in "bhdo":
        radix = {"b": 2, "h": 16, "d": 10, "o": 8}[digits[0].lower()]
        digits = digits[1:]
    try:
        return str(int(digits.replace("_", ""), radix))
    except ValueError:
        return digits


def mismatch_feedback(verdict: JudgeResult, source: str, problem: Problem) -> str | None:
    """The agent's ``sim_feedback`` text for a design the equivalence judge rejected, or None.

    Each of the first :data:`MAX_ROWS` mismatching samples of the judge's window becomes one failing
    check in the agent's harness format; the agent's own renderer adds the table of failing checks,
    the lines driving the wrong outputs and the instruction.
    """
    from veriagent.agent.feedback import sim_feedback
    from veriagent.agent.spec import interface_from_spec
    from veriagent.sim.cocotb_run import SimResult, TestCaseResult

    rows = [r for r in verdict.window if r.mismatch][:MAX_ROWS]
    if not rows:
        return None
    clock = problem.clock.name if problem.clock else None
    tests = []
    for k, r in enumerate(rows):
        shown = " ".join(f"{n}={_value(v)}" for n, v in r.inputs.items() if not clock or n != clock)
        exp = " ".join(f"{n}={_value(r.expected.get(n, '?'))}" for n in r.mismatch)
        got = " ".join(f"{n}={_value(r.actual.get(n, '?'))}" for n in r.mismatch)
        tests.append(
            TestCaseResult(
                name=f"test_check_{k + 1}",
                passed=False,
                message=f"at {r.time} {shown}: expected {exp}, got {got}",
            )
        )
    sim = SimResult(
        passed=False,
        tests=tests,
        compiled=True,
        timed_out=False,
        error="",
        log="",
        seconds=0.0,
        category="functional-mismatch",
    )
    iface = interface_from_spec(problem.spec, problem.top, problem.interface_header)
    return sim_feedback(sim, source, iface)


def functional_pairs(
    problem: Problem, *, limit: int | None = 100, batch_size: int = 20, seed: int = 1, timeout: float = 60.0
) -> tuple[list[Sample], dict[str, int]]:
    """Repair pairs from the mutants of ``problem``'s reference that the judge rejects.

    Returns:
        The samples and drop counts (``reference-fails`` when the judge rejects the reference itself,
        ``mutant-passes`` for mutants it cannot tell from the reference, ``mutant-<category>`` for
        other rejections such as compile errors or timeouts, ``no-interface``, ``no-window``).
    """
    from veriagent.agent import prompts
    from veriagent.bench.judge import judge_candidates
    from veriagent.train.mutate import mutants

    drops: dict[str, int] = {}
    ctx = _agent_ctx(problem)
    if ctx is None or problem.ref_path is None:
        return [], {"no-interface": 1}
    system, iface_ctx = ctx
    ref = reference_source(problem)
    muts = mutants(ref, limit=limit)
    cands = [Candidate(problem=problem.id, sample=0, source=ref)]
    cands += [Candidate(problem=problem.id, sample=i + 1, source=m.source) for i, m in enumerate(muts)]
    verdicts = judge_candidates(
        problem, cands, judge="equivalence", batch_size=batch_size, seed=seed, timeout=timeout
    )
    if not verdicts[0].passed:
        return [], {"reference-fails": 1}
    out: list[Sample] = []
    for m, v in zip(muts, verdicts[1:], strict=True):
        if v.passed:
            drops["mutant-passes"] = drops.get("mutant-passes", 0) + 1
            continue
        if v.category != "functional-mismatch":
            key = f"mutant-{v.category}"
            drops[key] = drops.get(key, 0) + 1
            continue
        feedback = mismatch_feedback(v, m.source, problem)
        if feedback is None:
            drops["no-window"] = drops.get("no-window", 0) + 1
            continue
        user = prompts.render(
            "repair-tests", spec=problem.spec, feedback=feedback, rtl=m.source, unchanged=False, **iface_ctx
        )
        out.append(_repair_sample(problem, system, user, ref, f"functional:{m.kind}"))
    return out, drops


# --------------------------------------------------------------------------------------------------
# Compile repair pairs
# --------------------------------------------------------------------------------------------------


def _statement_lines(source: str) -> list[int]:
    """0-based lines after the module header that end a statement with ``;`` (assignments)."""
    from veriagent.train.mutate import _mask

    lines = _mask(source).splitlines()
    header_end = next((i for i, ln in enumerate(lines) if ");" in ln), 0)
    return [
        i
        for i in range(header_end + 1, len(lines))
        if re.search(r"(\bassign\b|<=|[^=!<>]=[^=]).*;\s*$", lines[i])
    ]


def compile_edits(source: str, top: str) -> list[tuple[str, str]]:
    """(edit kind, broken source) edits meant to break compilation, one category each, a few sites each.

    Kinds: ``drop-semicolon`` (the first and the middle statement), ``misspell`` (a use of an
    internal or port name after its declaration), ``reg-to-wire`` (an ``output reg`` driven in an
    always block becomes a plain output), ``drop-end`` (the last ``end`` of a block), ``elsif`` (``else
    if`` written as in VHDL/Perl), ``drop-declaration`` (an internal ``reg``/``wire`` line removed),
    ``redeclare-output`` (an output port declared again in the body). The last three are mistakes small
    models make most (duplicate declarations, undeclared names, ``elsif``).
    """
    from veriagent.train.mutate import _mask

    masked = _mask(source)
    lines = source.split("\n")
    mlines = masked.split("\n")
    edits: list[tuple[str, str]] = []
    stmts = _statement_lines(source)
    for i in sorted({stmts[0], stmts[len(stmts) // 2]} if stmts else set()):
        j = mlines[i].rfind(";")
        edits.append(
            ("drop-semicolon", "\n".join([*lines[:i], lines[i][:j] + lines[i][j + 1 :], *lines[i + 1 :]]))
        )
    names = re.findall(
        r"\b(?:reg|wire|output\s+reg|output|input)\s*(?:signed\s*)?(?:\[[^\]]*\]\s*)?(\w+)", masked
    )
    for name in [n for n in dict.fromkeys(names) if len(n) > 2 and n not in ("reg", "wire", "signed", top)][
        :2
    ]:
        uses = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", masked)]
        if len(uses) < 2:
            continue
        pos = uses[-1]  # the last use: after every declaration
        typo = name[:-1] if len(name) > 3 else name + "_r"
        edits.append(("misspell", source[:pos] + typo + source[pos + len(name) :]))
    for m in re.finditer(r"\boutput\s+reg\b", masked):
        edits.append(("reg-to-wire", source[: m.start()] + "output" + source[m.end() :]))
        break
    ends = [m for m in re.finditer(r"\bend\b", masked)]
    if ends:
        m = ends[len(ends) // 2]
        edits.append(("drop-end", source[: m.start()] + source[m.end() :]))
    m2 = re.search(r"\belse\s+if\b", masked)
    if m2:
        edits.append(("elsif", source[: m2.start()] + "elsif" + source[m2.end() :]))
    header_end = masked.find(");")
    decl = (
        re.search(r"(?m)^[ \t]*(reg|wire)\b[^;\n]*;[ \t]*\n", masked[header_end + 2 :])
        if header_end >= 0
        else None
    )
    if decl:
        a, b = header_end + 2 + decl.start(), header_end + 2 + decl.end()
        edits.append(("drop-declaration", source[:a] + source[b:]))
    out_port = re.search(r"\boutput\s+(?:reg\s+|wire\s+)?(\[[^\]]*\]\s*)?(\w+)", masked)
    if out_port and header_end >= 0:
        rng = out_port.group(1) or ""
        at = header_end + 2
        edits.append(("redeclare-output", source[:at] + f"\n    reg {rng}{out_port.group(2)};" + source[at:]))
    return edits


def compile_pairs(problem: Problem) -> tuple[list[Sample], dict[str, int]]:
    """Repair pairs from compile-breaking edits of ``problem``'s reference that the checker rejects.

    Returns:
        The samples (``detail`` = ``compile:<category of the first error>``) and drop counts
        (``edit-compiles`` when the checker accepts the edit, ``no-interface``).
    """
    from veriagent.agent import prompts
    from veriagent.agent.feedback import check_feedback
    from veriagent.agent.spec import interface_from_spec
    from veriagent.hdl.check import check_source

    ctx = _agent_ctx(problem)
    if ctx is None or problem.ref_path is None:
        return [], {"no-interface": 1}
    system, iface_ctx = ctx
    iface = interface_from_spec(problem.spec, problem.top, problem.interface_header)
    ref = reference_source(problem)
    drops: dict[str, int] = {}
    out: list[Sample] = []
    for kind, broken in compile_edits(ref, problem.top):
        check = check_source(broken, problem.top, filename="design.v")
        if not check.errors:
            drops[f"edit-compiles-{kind}"] = drops.get(f"edit-compiles-{kind}", 0) + 1
            continue
        feedback = check_feedback(check, broken, iface)
        user = prompts.render("repair-check", feedback=feedback, rtl=broken, **iface_ctx)
        out.append(_repair_sample(problem, system, user, ref, f"compile:{check.errors[0].category}"))
    return out, drops


# --------------------------------------------------------------------------------------------------
# Notation pairs
# --------------------------------------------------------------------------------------------------


def notation_pairs(problem: Problem) -> tuple[list[Sample], dict[str, int]]:
    """Spec -> reference pairs for each alternative notation ``spec.<style>.md`` of ``problem``."""
    from veriagent.train.data import spec_messages

    if problem.ref_path is None:
        return [], {"no-reference": 1}
    ref = reference_source(problem)
    out: list[Sample] = []
    drops: dict[str, int] = {}
    spec_dir = problem.path if problem.path.is_dir() else problem.path.parent
    for style in NOTATIONS:
        f = spec_dir / f"spec.{style}.md"
        if not f.is_file():
            drops["no-notation"] = drops.get("no-notation", 0) + 1
            continue
        spec = f.read_text(encoding="utf-8")
        s = Sample(
            messages=spec_messages(spec, ref, problem.interface_header, problem.top),
            problem=problem.id,
            source="",
            category=problem.category,
            detail=f"notation:{style}",
        )
        s.set_spec(spec)
        out.append(s)
    return out, drops


# --------------------------------------------------------------------------------------------------
# Driver with a per-problem cache
# --------------------------------------------------------------------------------------------------

MAKERS: dict[str, Callable[[Problem], tuple[list[Sample], dict[str, int]]]] = {
    "mutants": functional_pairs,
    "compile-edits": compile_pairs,
    "notations": notation_pairs,
}
"""Source name -> per-problem maker (``veriagent data build --derived NAME``)."""


def _cache_key(kind: str, problem: Problem, salt: str = "") -> str:
    h = hashlib.sha256()
    for part in (
        CACHE_VERSION,
        kind,
        problem.id,
        problem.spec,
        reference_source(problem) if problem.ref_path else "",
        salt,
    ):
        h.update(part.encode() + b"\0")
    if problem.path.is_dir():
        for f in sorted(problem.path.glob("spec.*.md")):
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def derived_samples(
    suite_path: Path,
    kinds: list[str],
    *,
    cache: Path | None = None,
    progress: Progress | None = None,
    roundtrip: RoundTrip | None = None,
) -> tuple[list[Sample], list[SourceCounts]]:
    """The derived samples of every problem of the suite at ``suite_path``, per source ``kinds``.

    Args:
        suite_path: any suite with references (``load_suite``).
        kinds: names of :data:`MAKERS`, or ``roundtrip``.
        cache: directory of per-problem results (None: no cache). A cached problem costs no
            simulation and no model call (``roundtrip`` entries are keyed by the model and the prompts).
        progress: called with one line per problem and source.
        roundtrip: the maker of ``roundtrip`` samples (:class:`veriagent.train.roundtrip.RoundTrip`).

    Returns:
        The samples (each with its ``source`` set) and one :class:`SourceCounts` per kind.

    Raises:
        BadInput: ``roundtrip`` is asked for without its maker.
    """
    from veriagent.bench.suite import load_suite

    suite = load_suite(suite_path)
    samples: list[Sample] = []
    counts: list[SourceCounts] = []
    for kind in kinds:
        salt = ""
        if kind == "roundtrip":
            if roundtrip is None:
                raise BadInput("roundtrip samples need their maker (veriagent.train.roundtrip.RoundTrip)")
            maker: Callable[[Problem], tuple[list[Sample], dict[str, int]]] = roundtrip
            salt = roundtrip.cache_salt()
        else:
            maker = MAKERS[kind]
        c = SourceCounts(source=f"{kind}:{suite.name}")
        for p in suite.problems:
            if p.ref_path is None or not p.ref_path.is_file():
                c.drop("no-reference")
                continue
            key = _cache_key(kind, p, salt)
            entry = cache / f"{kind}-{p.id}-{key}.json" if cache else None
            if entry is not None and entry.is_file():
                data = json.loads(entry.read_text(encoding="utf-8"))
                got = [Sample.from_record(r) for r in data["samples"]]
                drops = data["drops"]
            else:
                got, drops = maker(p)
                if entry is not None and MODEL_ERROR not in drops:
                    entry.parent.mkdir(parents=True, exist_ok=True)
                    entry.write_text(
                        json.dumps({"samples": [s.record() for s in got], "drops": drops}), encoding="utf-8"
                    )
            for s in got:
                s.source = c.source
            for reason, n in drops.items():
                c.drop(reason, n)
            c.kept += len(got)
            samples += got
            if progress:
                progress(f"{kind} {p.id}: {len(got)} kept")
        counts.append(c)
    return samples, counts
