"""Turn a CheckResult or SimResult into the next message the model can act on.

Each message holds the command that was run, the tool's own message, the offending lines in
context (marked ``>>``), a concrete fix built from the parsed facts (signal, declared kind, line),
what already works ("keep the port list exactly: ..."), and one clear instruction. Raw tool output
alone does not get a 1.5B model to repair anything; named signals and explicit edits do.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from veriagent.agent.repair import declared_kind, signal_of
from veriagent.hdl.check import CheckResult
from veriagent.hdl.diagnostics import Diagnostic
from veriagent.hdl.interface import Interface
from veriagent.sim.cocotb_run import SimResult

MAX_DIAGS = 5
MAX_TESTS = 4
#: Failure messages that show the test itself is broken (a Python error, not a wrong value).
TEST_BUG_MARKERS = (
    "reference model crashed",
    "reference model contradicts the spec",
    "contains no child object named",
    "has no attribute",
    "is not defined",
    "unexpected keyword argument",
    "positional argument",
    "invalid syntax",
    "No module named",
    "cannot import name",
    "is not callable",
    "object is not subscriptable",
    "must be positive",
    "unsupported operand",
    "IndentationError",
    "object has no",
    "not supported between instances",
)


def context(source: str, line: int | None, radius: int = 2) -> str:
    """Numbered lines around ``line`` with that line marked ``>>``."""
    lines = source.split("\n")
    if not line or line > len(lines):
        return ""
    lo, hi = max(1, line - radius), min(len(lines), line + radius)
    return "\n".join(f"{'>>' if n == line else '  '} {n:3d} | {lines[n - 1]}" for n in range(lo, hi + 1))


def _port_decl(iface: Interface | None, name: str, kind: str) -> str:
    port = iface.port(name) if iface else None
    if port is None:
        return f"{kind} {name}"
    rng = port.range_text()
    return f"{port.direction} {kind} {rng + ' ' if rng else ''}{name}"


def _identifiers(source: str) -> list[str]:
    return sorted(set(re.findall(r"\b[A-Za-z_]\w*\b", source)))


def fix_hint(d: Diagnostic, source: str, iface: Interface | None = None) -> str:
    """A concrete instruction for one diagnostic, built from the signal and line it names."""
    sig = signal_of(d, source)
    cat = d.category
    if cat == "procedural-assign-to-wire" and sig:
        kind = declared_kind(source, sig) or "wire"
        kind = "wire" if kind == "implicit" else kind
        is_port = iface is not None and iface.port(sig) is not None
        where = f"`{_port_decl(iface, sig, 'reg')}`" if is_port else f"`reg {sig};`"
        return (
            f"`{sig}` is driven inside an always block but declared as a {kind}: declare it {where}, "
            f"or drive it with `assign` outside the always block."
        )
    if cat == "undeclared-identifier":
        name = sig or "this name"
        close = difflib.get_close_matches(name, [i for i in _identifiers(source) if i != name], n=1)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        return (
            f"`{name}` is used but never declared: declare it (e.g. `reg {name};` or `wire {name};`) "
            f"before its first use, or use the right name.{hint}"
        )
    if cat == "syntax":
        return (
            "This line does not parse: look at the marked line and the one before it for a missing `;`, "
            "an unbalanced `begin`/`end`, a missing `endcase`, or a stray token."
        )
    if cat == "assign-to-input" and sig:
        return f"`{sig}` is an input: never assign it inside the module; use an internal `reg` instead."
    if cat == "multiple-drivers" and sig:
        return (
            f"`{sig}` is driven from more than one always block or assign: drive it from exactly one place."
        )
    if cat == "blocking-in-sequential":
        return (
            "Use non-blocking `<=` for every assignment in a clocked always block "
            "(blocking `=` only in `always @(*)`)."
        )
    if cat == "latch-inferred":
        name = f"`{sig}`" if sig else "the signal"
        return (
            f"{name} is not assigned on every path of the combinational block: give it a default value at "
            f"the "
            "top of the block, or add an `else` / `default:` branch."
        )
    if cat == "missing-sensitivity":
        return "Use `always @(*)` for combinational logic so every signal read is in the sensitivity list."
    if cat == "width-mismatch":
        return (
            "Make both sides the same width: use sized constants (e.g. `4'd0`) "
            "or select the bits you mean (`x[3:0]`)."
        )
    if cat == "unknown-module":
        return "That module is not defined: define it in the same file, or write the logic inline."
    if cat == "port-mismatch":
        return "Connect only ports that exist, each exactly once, and keep the required module header."
    if cat == "unsupported-by-simulator":
        return "Icarus Verilog does not support this construct: rewrite it in plain Verilog-2001."
    return "Fix the marked line as the message says."


def _commands(check: CheckResult, top: str | None) -> str:
    cmds = {
        "iverilog": f"iverilog -g2012 -Wall{f' -s {top}' if top else ''} design.v",
        "verilator": "verilator --lint-only -Wall design.v",
        "slang": "slang design.v",
    }
    return "\n".join(f"$ {cmds.get(t, t)}" for t in check.tools)


def _ports_line(iface: Interface | None) -> str:
    if iface is None:
        return ""
    return ", ".join(
        f"{p.direction} {p.range_text() + ' ' if p.range_text() else ''}{p.name}" for p in iface.ports
    )


def check_feedback(
    check: CheckResult,
    source: str,
    required: Interface | None,
    interface_diffs: Sequence[str] = (),
) -> str:
    """The repair message for a design that does not compile, lints with errors, or has the wrong ports.

    Args:
        check: the checker's result for ``source`` (file ``design.v``).
        source: the design text the line numbers refer to.
        required: the interface the design must have.
        interface_diffs: differences between the design's interface and ``required``.

    Returns:
        The message text (commands, numbered findings in context with a fix each, what works, instruction).
    """
    parts = [_commands(check, required.module if required else check.top)]
    errors = check.errors
    shown: list[Diagnostic] = []
    seen: set[tuple[int | None, str]] = set()
    for d in errors:
        key = (d.line, d.category)
        if key not in seen:
            seen.add(key)
            shown.append(d)
    if shown:
        parts.append(f"{len(errors)} error(s):")
    for i, d in enumerate(shown[:MAX_DIAGS], 1):
        tag = f"{d.tool}:{d.rule}" if d.rule else d.tool
        loc = f"design.v:{d.line}" + (f":{d.column}" if d.column else "") if d.line else "design.v"
        block = [f"{i}. {loc}: error: {d.message} [{tag}]"]
        ctx = context(source, d.line)
        if ctx:
            block.append(ctx)
        block.append(f"   Fix: {fix_hint(d, source, required)}")
        parts.append("\n".join(block))
    if len(shown) > MAX_DIAGS:
        parts.append(f"(and {len(shown) - MAX_DIAGS} more; fix these first)")
    if interface_diffs:
        parts.append(
            "The module header differs from the required interface:\n"
            + "\n".join(f"- {x}" for x in interface_diffs)
        )
    works = []
    if not interface_diffs and required is not None:
        works.append(f"the port list; keep it exactly: {_ports_line(required)}")
    if not errors:
        works.append("it compiles")
    if works:
        parts.append("Already right: " + "; ".join(works) + ".")
    parts.append("Instruction: fix the problems above and change nothing else.")
    return "\n\n".join(parts)


_EXPECT_RE = re.compile(
    r"^(?P<inputs>.*?)[\s:,;-]*expected\s*[:=]?\s*(?P<exp>[^\s,;]+)[\s,;]*(?:but\s+)?got\s*[:=]?\s*(?P<got>[^\s,;]+)",
    re.IGNORECASE,
)


def failing_rows(sim: SimResult) -> list[tuple[str, str, str, str]]:
    """(test, inputs, expected, actual) for each failing assertion whose message has that shape."""
    rows = []
    for t in sim.tests:
        if t.passed:
            continue
        first = t.message.splitlines()[0] if t.message else ""
        m = _EXPECT_RE.search(first)
        if m:
            rows.append((t.name, m.group("inputs").strip() or "-", m.group("exp"), m.group("got")))
    return rows


def driving_lines(source: str, signal: str, limit: int = 12) -> str:
    """Numbered lines of ``source`` that assign ``signal`` (textual search)."""
    pat = re.compile(
        rf"(\bassign\s+{re.escape(signal)}\b|\b{re.escape(signal)}\s*(\[[^\]]*\])?\s*(<=|=)(?!=))"
    )
    lines = source.split("\n")
    hits = [
        f"   {n:3d} | {ln}"
        for n, ln in enumerate(lines, 1)
        if pat.search(ln) and not re.match(r"\s*(input|output)\b", ln)
    ]
    return "\n".join(hits[:limit])


def has_unknown_outputs(sim: SimResult) -> bool:
    """True when a failing check saw an X/Z output (never the reference model's fault)."""
    return any(re.search(r"got [^:]*=[01]*[xXzZ]", t.message) for t in sim.tests if not t.passed)


def is_test_bug(sim: SimResult) -> bool:
    """True when the failures are Python errors in the test itself (wrong name, bad API), not wrong values."""
    failed = [t for t in sim.tests if not t.passed]
    if sim.compiled and not sim.tests and not sim.timed_out:
        return True
    return bool(failed) and all(any(m in t.message for m in TEST_BUG_MARKERS) for t in failed)


def sim_feedback(
    sim: SimResult,
    source: str,
    required: Interface | None,
    test_file: str = "test_design.py",
    *,
    instruction: bool = True,
) -> str:
    """The message for a design that compiles but fails tests (or whose test run broke).

    Args:
        sim: the cocotb run.
        source: the design text.
        required: the interface (for output names).
        test_file: the test file's name, for the command line.
        instruction: end with the instruction to fix the design (off when asking which side is wrong).

    Returns:
        Failing tests with their messages, a table of failing checks, the lines driving the failing outputs.
    """
    top = required.module if required else "top"
    failed = [t for t in sim.tests if not t.passed]
    passed = [t.name for t in sim.tests if t.passed]
    parts = [
        f"$ cocotb 2.1 tests {test_file} on Icarus Verilog (toplevel {top}): "
        f"{len(failed)} of {len(sim.tests)} test(s) failed"
    ]
    if sim.timed_out:
        parts.append(
            "The simulation did not finish in time: a combinational loop in the design, or a test that "
            "waits for an edge that never comes (clock not started)."
        )
    elif not sim.tests:
        parts.append(f"The tests did not run: {sim.error}\n{sim.log[-800:]}")
    for t in failed[:MAX_TESTS]:
        lines = t.message.splitlines()
        # cocotb's assertion rewriting adds `assert ...` lines: noise once the message names the values
        keep = lines[:1] if lines and _EXPECT_RE.search(lines[0]) else lines[:4]
        msg = "\n".join(keep)[:500]
        parts.append(f"- {t.name} FAILED: {msg}")
    rows = failing_rows(sim)
    if rows:
        table = ["| test | inputs | expected | actual |", "|---|---|---|---|"]
        table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows[:8]]
        parts.append("First failing checks:\n" + "\n".join(table))
    if has_unknown_outputs(sim):
        parts.append(
            "An output is X/Z (unknown): it never got a known value. Every register needs a value on "
            "reset, and an output must be driven on every path. An `always @(*)` that only copies a "
            "register does not run at time 0 in simulation: assign the output directly in the clocked "
            "block (`output reg`) or with `assign`."
        )
    if required is not None:
        text = " ".join(t.message for t in failed)
        outs = [p.name for p in required.outputs() if re.search(rf"\b{re.escape(p.name)}\b", text)]
        outs = outs or [p.name for p in required.outputs()]
        for o in outs[:3]:
            drivers = driving_lines(source, o)
            if drivers:
                parts.append(f"Lines that drive `{o}`:\n{drivers}")
    if passed:
        parts.append("Already right: it compiles and lints clean; passing tests: " + ", ".join(passed) + ".")
    if instruction:
        parts.append("Instruction: find where the design differs from the specification and fix only that.")
    return "\n\n".join(parts)
