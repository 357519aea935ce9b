"""Terminal rendering of an AgentResult and of a run's trace (used by `generate` and `replay`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from veriagent.agent.result import AgentResult
from veriagent.agent.spec import SpecPlan

_SOURCES = {
    "given": "the --interface file",
    "header": "the spec's module header",
    "list": "the spec's port list",
    "table": "the spec's port table",
    "sections": "the spec's port sections",
    "prose": "the spec's sentences",
}


def render_plan(plan: SpecPlan, console: Console) -> None:
    """Print the interface that will be built (ports, clock/reset guesses and why) and the spec's examples."""
    iface = plan.interface
    if iface is None:
        name = f" `{plan.module}`" if plan.module else ""
        console.print(
            f"interface{name}: the spec states none (no module header, port list, port table or "
            "`Input ports:` section); the model will propose one, checked against the spec",
            soft_wrap=True,
            highlight=False,
        )
        return
    console.print(
        f"interface `{iface.module}` (from {_SOURCES.get(iface.source, iface.source)}):",
        soft_wrap=True,
        highlight=False,
    )
    for p in iface.ports:
        decl = " ".join(x for x in (p.direction, "signed" if p.signed else "", p.range_text(), p.name) if x)
        note = ""
        if p.name == iface.clock:
            note = f"clock, {iface.clock_edge} ({iface.clock_reason})"
        elif p.name == iface.reset:
            sync = {True: ", synchronous", False: ", asynchronous", None: ""}[iface.reset_synchronous]
            note = f"reset, active {'low' if iface.reset_active_low else 'high'}{sync} ({iface.reset_reason})"
        console.print(f"  {escape(decl):<28} {escape(note)}".rstrip(), soft_wrap=True, highlight=False)
    if iface.parameters:
        params = ", ".join(f"{k}={v}" for k, v in iface.parameters.items())
        console.print(f"  parameters: {escape(params)}", soft_wrap=True, highlight=False)
    if iface.clock is None:
        console.print(f"  combinational ({iface.clock_reason})", soft_wrap=True, highlight=False)
    ex = plan.examples
    lines = ", ".join(str(e.line) for e in ex.examples[:8]) + (", ..." if len(ex.examples) > 8 else "")
    found = f"{len(ex.examples)} from the spec (line {lines})" if ex.examples else "none found"
    console.print(
        f"examples: {found}; every tested candidate must pass them", soft_wrap=True, highlight=False
    )
    for u in ex.unplaced:
        console.print(f"  not placed: line {u.line}: {escape(u.why)}", soft_wrap=True, highlight=False)


_STATUS = {
    "verified": "[bold green]verified[/bold green]",
    "untested": "[bold yellow]not verified[/bold yellow] (untested)",
    "plausible": "[bold yellow]not verified[/bold yellow] (plausible)",
    "failed": "[bold red]not verified[/bold red] (failed)",
    "budget-exhausted": "[bold yellow]not verified[/bold yellow] (budget exhausted)",
    "error": "[bold red]error[/bold red]",
}


def render_result(result: AgentResult, console: Console, output: Path | None = None) -> None:
    """Print status, budget used, repairs, diagnostics (gcc format) and where the files are."""
    top = f" `{result.top}`" if result.top else ""
    console.print(
        f"{_STATUS.get(result.status, result.status)}{top}: {escape(result.reason)}", soft_wrap=True
    )
    tests = (
        f" · tests {result.tests_passed}/{result.tests_total} ({result.tests_source})"
        if result.tests_total
        else ""
    )
    console.print(
        f"  iterations {result.iterations} · tokens {result.prompt_tokens}+{result.completion_tokens}"
        f" · LLM {result.llm_seconds:.1f} s · wall {result.wall_seconds:.1f} s{tests} · model "
        f"{escape(result.model)}",
        soft_wrap=True,
    )
    if result.selection:
        console.print(f"  vote: {escape(vote_line(result.selection))}", soft_wrap=True, highlight=False)
    for r in result.repairs_applied:
        console.print(f"  mechanical repair: {escape(r)}", soft_wrap=True)
    for d in result.diagnostics:
        console.print(escape(d), highlight=False, soft_wrap=True)
    if output is not None and result.rtl_path:
        note = "" if result.verified else " (NOT verified)"
        console.print(f"  RTL:    {output}{note}", soft_wrap=True)
    elif result.rtl_path:
        console.print(f"  RTL:    {result.rtl_path}", soft_wrap=True)
    if result.tests_path:
        console.print(f"  tests:  {result.tests_path}", soft_wrap=True)
    console.print(f"  run:    {result.run_dir} (report.json, trace.jsonl)", soft_wrap=True)


def vote_line(sel: dict[str, Any]) -> str:
    """One line about a vote (``AgentResult.selection`` / the ``selection`` trace event)."""
    clusters = sel.get("clusters") or []
    parts = [
        f"{len(c['members'])} draft(s)/{len(c['models'])} model(s)"
        + ("" if c["examples_ok"] else " (fails a spec example)")
        for c in clusters
    ]
    line = (
        f"{sel.get('voting')}/{sel.get('drafts')} drafts voted, {len(clusters)} behaviour cluster(s): "
        f"{', '.join(parts) or 'none'}; chose d{sel.get('chosen')}"
    )
    if d := sel.get("disagreement"):
        ins = " ".join(f"{k}={v}" for k, v in d["inputs"].items())
        line += (
            f"; top two differ first at {d['time']} ({ins}): "
            f"{' '.join(f'{k}={v}' for k, v in d['first'].items())} vs "
            f"{' '.join(f'{k}={v}' for k, v in d['second'].items())}"
        )
    return line


def _summary(e: dict[str, Any]) -> str:
    kind = e.get("event")
    if kind == "start":
        return f"{e.get('problem_id')} top={e.get('top') or '?'} model={e.get('model')}"
    if kind == "llm":
        reply = str(e.get("reply", ""))
        return (
            f"{e.get('purpose')}: {e.get('prompt_tokens')}+{e.get('completion_tokens')} tokens, "
            f"{e.get('latency', 0):.1f} s, {len(reply.splitlines())} reply lines, "
            f"finish={e.get('finish_reason')}"
        )
    if kind == "candidate":
        return f"iteration {e.get('iteration')}: {len(str(e.get('rtl', '')).splitlines())} lines of RTL"
    if kind == "check":
        diags = e.get("diagnostics", [])
        errs = [d for d in diags if d.get("severity") == "error"]
        first = f"; first: line {errs[0].get('line')}: {errs[0].get('message')}" if errs else ""
        iface = f"; interface: {'; '.join(e['interface_diffs'])}" if e.get("interface_diffs") else ""
        warns = sum(1 for d in diags if d.get("severity") == "warning")
        infos = len(diags) - len(errs) - warns
        note = f", {infos} note(s)" if infos else ""
        return (
            f"{'ok' if e.get('ok') else 'FAIL'}: {len(errs)} error(s), {warns} warning(s){note}{first}{iface}"
        )
    if kind == "tests":
        tests = e.get("tests", [])
        ok = sum(1 for t in tests if t.get("passed"))
        bad = next((t for t in tests if not t.get("passed")), None)
        first = str(bad.get("message", "")).splitlines()[0] if bad and bad.get("message") else ""
        msg = f"; {bad.get('name')}: {first}" if bad else ""
        sim = f", {e['simulator']}" if e.get("simulator") not in (None, "icarus") else ""
        return (
            f"{'PASS' if e.get('passed') else 'FAIL'}: {ok}/{len(tests)} ({e.get('source')}{sim})"
            f"{msg or (' ' + str(e.get('error') or ''))}"
        )
    if kind == "testfile":
        return (
            f"v{e.get('version')} ({e.get('description')}): {len(str(e.get('code', '')).splitlines())} lines"
        )
    if kind == "selection":
        return f"{e.get('summary')}; {vote_line(e)}"
    if kind == "repair":
        return f"{e.get('kind')}: {e.get('description')}"
    if kind == "feedback":
        return str(e.get("text", "")).splitlines()[0] if e.get("text") else ""
    if kind == "error":
        return f"{e.get('kind')}: {e.get('message')}"
    if kind == "result":
        return f"{e.get('status')}: {e.get('reason')} (iterations {e.get('iterations')})"
    return ""


class ProgressLine:
    """The one-line form of a trace event, shared by `generate`'s progress and `replay`: time since
    the start, the event, what it says, and the tokens used so far after each model call."""

    def __init__(self) -> None:
        self.t0: float | None = None
        self.tokens = 0

    def __call__(self, e: dict[str, Any]) -> str:
        if self.t0 is None:
            self.t0 = float(e.get("time", 0))
        dt = float(e.get("time", self.t0)) - self.t0
        text = _summary(e)
        if e.get("event") == "llm":
            self.tokens += int(e.get("prompt_tokens") or 0) + int(e.get("completion_tokens") or 0)
            text += f"; {self.tokens} tokens so far"
        return f"{dt:7.1f}s  {e.get('event'):<9} {text}"


def render_trace(events: list[dict[str, Any]], console: Console, *, full: bool = False) -> None:
    """One line per event (time since start, event, summary); ``full`` also prints prompts and replies."""
    line = ProgressLine()
    for e in events:
        console.print(escape(line(e)), soft_wrap=True)
        if full and e.get("event") == "llm":
            for m in e.get("messages", []):
                console.rule(f"{m.get('role')}", style="dim")
                console.print(escape(str(m.get("content", ""))), highlight=False, soft_wrap=True)
            console.rule("reply", style="dim")
            console.print(escape(str(e.get("reply", ""))), highlight=False, soft_wrap=True)
            console.rule(style="dim")
        if full and e.get("event") == "feedback":
            console.print(escape(str(e.get("text", ""))), highlight=False, soft_wrap=True)
