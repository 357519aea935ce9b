"""Bench reports rendered from stored results: summary.json, junit.xml, report.md, report.html.

Reports never recompute a verdict: they read ``run.json`` (provenance) and ``results.jsonl``
(one record per problem × sample × judge) and render them. The HTML page is self-contained (no
scripts, no external assets): inline SVG bar charts and, for each failing problem, its
first-mismatch table and a waveform of that window drawn as SVG.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from veriagent.bench.metrics import Metrics, compute
from veriagent.bench.store import BenchRecord, load_records
from veriagent.sim.models import MismatchRow

log = logging.getLogger(__name__)

RUN_FILE = "run.json"


def load_run(out_dir: Path) -> dict[str, Any]:
    """Provenance of a run directory (run.json), or {} when absent."""
    path = out_dir / RUN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def summarize(out_dir: Path, records: Sequence[BenchRecord] | None = None) -> dict[str, Any]:
    """The summary.json content: provenance, pass@k and counts per judge."""
    recs = list(records) if records is not None else load_records(out_dir)
    run = load_run(out_dir)
    judges = list(dict.fromkeys([*run.get("judges", []), *(r.judge for r in recs)]))
    metrics = {j: compute(recs, j) for j in judges if any(r.judge == j for r in recs)}
    return {
        "provenance": run,
        "judges": {
            j: {
                **{k: v for k, v in m.model_dump().items() if k != "by_problem"},
                "pass_rate": round(m.pass_rate, 4),
                "by_category": {
                    c: {**r.model_dump(), "rate": round(r.rate, 4)} for c, r in m.by_category.items()
                },
            }
            for j, m in metrics.items()
        },
        "by_spec_style": {j: by_spec_style(recs, j) for j in metrics},
        "verified_precision": {j: _precision(recs, j) for j in metrics},
        "records": len(recs),
        "failed": sorted({f"{r.problem}/{r.sample}" for r in recs if not r.passed}),
    }


def by_spec_style(records: Sequence[BenchRecord], judge: str) -> dict[str, float | None]:
    """pass@1 of ``judge`` per spec style of the records (one entry when the run used one style)."""
    styles = dict.fromkeys(r.spec_style for r in records if r.judge == judge)
    return {
        s: compute([r for r in records if r.spec_style == s], judge).pass_at_k.get("pass@1") for s in styles
    }


def write_reports(out_dir: Path, records: Sequence[BenchRecord] | None = None) -> dict[str, Path]:
    """Write summary.json, junit.xml, report.md and report.html into ``out_dir``.

    Args:
        out_dir: a bench run directory.
        records: the records (default: read results.jsonl).

    Returns:
        Report name -> path.
    """
    recs = list(records) if records is not None else load_records(out_dir)
    summary = summarize(out_dir, recs)
    run = summary["provenance"]
    metrics = {j: compute(recs, j) for j in summary["judges"]}
    paths = {
        "summary": out_dir / "summary.json",
        "junit": out_dir / "junit.xml",
        "markdown": out_dir / "report.md",
        "html": out_dir / "report.html",
    }
    paths["summary"].write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    paths["junit"].write_text(junit_xml(recs, run), encoding="utf-8")
    paths["markdown"].write_text(markdown(recs, run, metrics), encoding="utf-8")
    paths["html"].write_text(html_report(recs, run, metrics, out_dir), encoding="utf-8")
    return paths


# --- JUnit ----------------------------------------------------------------------------------------


def junit_xml(records: Sequence[BenchRecord], run: dict[str, Any]) -> str:
    """One testsuite per judge, one testcase per problem × sample."""
    root = ET.Element("testsuites", name=f"veriagent bench {run.get('suite', '')}")
    for judge in dict.fromkeys(r.judge for r in records):
        recs = [r for r in records if r.judge == judge]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"{run.get('suite', 'suite')}.{judge}",
            tests=str(len(recs)),
            failures=str(sum(1 for r in recs if not r.passed and r.category != "harness-error")),
            errors=str(sum(1 for r in recs if r.category == "harness-error")),
            time=f"{sum(r.seconds for r in recs):.3f}",
        )
        props = ET.SubElement(suite, "properties")
        for key in ("suite_hash", "model", "seed", "git_commit", "veriagent_version"):
            ET.SubElement(props, "property", name=key, value=str(run.get(key)))
        for r in sorted(recs, key=lambda r: (r.problem, r.sample)):
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{judge}.{r.problem_category}.{r.problem}",
                name=f"{r.problem}[{r.sample}]",
                time=f"{r.seconds:.3f}",
            )
            if not r.passed:
                tag = "error" if r.category == "harness-error" else "failure"
                el = ET.SubElement(case, tag, message=_clean(r.reason)[:500], type=r.category or "failure")
                el.text = _clean(r.traceback or _mismatch_text(r))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "?", text)


def _mismatch_text(r: BenchRecord) -> str:
    if not r.mismatches:
        return r.reason
    parts = [f"{k}: {v} samples" for k, v in r.mismatches.items()]
    return f"mismatching outputs ({', '.join(parts)}); first at {r.first_mismatch_time}"


# --- Markdown -------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _precision(records: Sequence[BenchRecord], judge: str) -> dict[str, Any]:
    """Self-verified units of ``judge`` and how many the judge confirmed (None: nothing self-verified)."""
    selfv = [r for r in records if r.judge == judge and r.self_verified]
    ok = sum(r.passed for r in selfv)
    return {
        "self_verified": len(selfv),
        "confirmed": ok,
        "precision": round(ok / len(selfv), 4) if selfv else None,
    }


def markdown(records: Sequence[BenchRecord], run: dict[str, Any], metrics: dict[str, Metrics]) -> str:
    """A Markdown report (pass@k, categories, failures)."""
    lines = [f"# veriagent bench: {run.get('suite', '?')}", ""]
    lines += [_prov_line(run), ""]
    for judge, m in metrics.items():
        lines += [f"## Judge: {judge}", ""]
        lines += [f"- problems: {m.problems}, units: {m.units}, passed: {m.passed} ({_pct(m.pass_rate)})"]
        lines += [f"- {k}: {_pct(v)}" for k, v in m.pass_at_k.items()]
        styles = by_spec_style(records, judge)
        if len(styles) > 1:
            lines += [
                f"- pass@1 with spec style {s}: {'-' if v is None else _pct(v)}" for s, v in styles.items()
            ]
        prec = _precision(records, judge)
        if prec["self_verified"]:
            lines.append(
                f"- self-verified by the agent: {prec['self_verified']}; judge-confirmed: "
                f"{prec['confirmed']} "
                f"(verified precision {_pct(prec['precision'])})"
            )
        if m.tokens_total:
            lines.append(
                f"- tokens: {m.tokens_total} total; mean {m.tokens_mean_passed or 0:.0f} when passed, "
                f"{m.tokens_mean_failed or 0:.0f} when failed"
            )
        lines += ["", "| category | passed | total | rate |", "|---|---:|---:|---:|"]
        lines += [f"| {c} | {r.passed} | {r.total} | {_pct(r.rate)} |" for c, r in m.by_category.items()]
        if m.failure_classes:
            lines += ["", "| failure class | count |", "|---|---:|"]
            lines += [f"| {c} | {n} |" for c, n in m.failure_classes.items()]
        if m.diagnostic_categories:
            lines += ["", "| compile-error diagnostic | count |", "|---|---:|"]
            lines += [f"| {c} | {n} |" for c, n in m.diagnostic_categories.items()]
        if m.token_bins:
            lines += ["", "| tokens | passed | total | rate |", "|---|---:|---:|---:|"]
            lines += [f"| {b.lo}–{b.hi} | {b.passed} | {b.total} | {_pct(b.rate)} |" for b in m.token_bins]
        fails = [r for r in records if r.judge == judge and not r.passed]
        if fails:
            lines += ["", "### Failures", "", "| problem | sample | class | reason |", "|---|---:|---|---|"]
            for r in sorted(fails, key=lambda r: (r.problem, r.sample)):
                reason = r.reason.replace("|", "\\|").replace("\n", " ")[:200]
                lines.append(f"| {r.problem} | {r.sample} | {r.category} | {reason} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _prov_line(run: dict[str, Any]) -> str:
    tools = ", ".join(f"{k} {v}" for k, v in (run.get("tools") or {}).items() if v)
    return (
        f"suite {run.get('suite')} v{run.get('suite_version')} (hash {str(run.get('suite_hash', ''))[:12]}), "
        f"source {run.get('source')}, model {run.get('model') or '-'}, mode {run.get('mode')}, "
        f"spec style {run.get('spec_style', 'default')}, "
        f"judges {', '.join(run.get('judges', []))}, seed {run.get('seed')}, "
        f"veriagent {run.get('veriagent_version')} (git {str(run.get('git_commit') or '-')[:12]}), "
        f"tools: {tools}; started {run.get('started')}"
    )


# --- HTML -----------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px}
th{background:#f3f3f3}td.num{text-align:right}.bad{background:#fdd}.ok{color:#080}.fail{color:#b00}
code,.mono{font-family:ui-monospace,monospace;font-size:12px}details{margin:.6em 0}
.prov{font-size:12px;color:#555}h3{margin-top:1.4em}
"""


def _e(x: object) -> str:
    return html.escape(str(x))


def bar_chart(items: Sequence[tuple[str, float, str]], *, width: int = 640, unit: str = "%") -> str:
    """A horizontal inline-SVG bar chart of (label, value in [0, 1], note) rows."""
    row_h, label_w = 20, 170
    h = row_h * len(items) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" class="chart">']
    span = width - label_w - 90
    for i, (label, value, note) in enumerate(items):
        y = 5 + i * row_h
        w = max(0.0, min(1.0, value)) * span
        color = "#4a9" if value >= 0.8 else "#db4" if value >= 0.5 else "#d65"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12">{_e(label)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{span}" height="{row_h - 6}" fill="#eee"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="{color}"/>')
        txt = f"{100 * value:.0f}{unit} {note}" if unit == "%" else f"{value:g} {note}"
        parts.append(f'<text x="{label_w + span + 6}" y="{y + 14}" font-size="12">{_e(txt)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bit(value: str) -> str | None:
    """'0'/'1'/'x'/'z' for a one-bit value (any common spelling), else None."""
    v = value.strip().lower()
    v = re.sub(r"^\d*'[sS]?[bhd]", "", v)
    if v in ("0", "1", "x", "z"):
        return v
    return None


_BIN_LITERAL = re.compile(r"^(\d+)'([sS]?)[bB]([01xXzZ_]+)$")


def bus_display(value: str) -> str:
    """How a bus value is shown in a cell: hex for buses wider than 4 bits (``8'b11111111`` ->
    ``8'hff``; a nibble with an x/z bit shows ``x``/``z``); anything else unchanged."""
    m = _BIN_LITERAL.match(value.strip())
    if not m or int(m.group(1)) <= 4:
        return value
    width, bits = int(m.group(1)), m.group(3).replace("_", "").lower()
    bits = bits.rjust(width, bits[0] if bits[0] in "xz" else "0")[-width:]
    bits = bits.rjust((width + 3) // 4 * 4, "0")
    digits = []
    for i in range(0, len(bits), 4):
        nib = bits[i : i + 4]
        if set(nib) <= {"0", "1"}:
            digits.append(f"{int(nib, 2):x}")
        else:
            digits.append("z" if set(nib) == {"z"} else "x")
    return f"{width}'{m.group(2)}h{''.join(digits)}"


def waveform_svg(rows: Sequence[MismatchRow]) -> str:
    """A WaveDrom-like inline SVG of a first-mismatch window: inputs, then expected/actual per output.

    Args:
        rows: the window's sample points in time order.

    Returns:
        An ``<svg>`` element (empty string when there are no rows).
    """
    if not rows:
        return ""
    lanes: list[tuple[str, list[str], list[bool]]] = []
    for name in rows[0].inputs:
        lanes.append((name, [r.inputs.get(name, "") for r in rows], [False] * len(rows)))
    outputs = list(dict.fromkeys(k for r in rows for k in (*r.expected, *r.actual)))
    for name in outputs:
        lanes.append((f"{name} (ref)", [r.expected.get(name, "") for r in rows], [False] * len(rows)))
        lanes.append(
            (f"{name} (dut)", [r.actual.get(name, "") for r in rows], [name in r.mismatch for r in rows])
        )
    label_w, cell_w, lane_h, top = 130, max(28, min(70, 900 // len(rows))), 26, 22
    width = label_w + cell_w * len(rows) + 10
    height = top + lane_h * len(lanes) + 6
    p = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" class="wave" '
        'font-family="ui-monospace,monospace" font-size="11">'
    ]
    for i, r in enumerate(rows):
        x = label_w + i * cell_w
        bad = bool(r.mismatch)
        p.append(
            f'<text x="{x + cell_w / 2}" y="14" text-anchor="middle" fill="{"#b00" if bad else "#666"}">'
            f"{_e(r.time)}</text>"
        )
        if bad:
            p.append(
                f'<rect x="{x}" y="{top - 2}" width="{cell_w}" height="{lane_h * len(lanes)}" '
                'fill="#fdd" opacity="0.5"/>'
            )
        p.append(f'<line x1="{x}" y1="{top - 2}" x2="{x}" y2="{height - 4}" stroke="#eee"/>')
    for li, (name, values, bad_cells) in enumerate(lanes):
        y0 = top + li * lane_h
        hi, lo = y0 + 4, y0 + lane_h - 6
        p.append(f'<text x="{label_w - 6}" y="{(hi + lo) / 2 + 4}" text-anchor="end">{_e(name)}</text>')
        prev: str | None = None
        for i, val in enumerate(values):
            x0, x1 = label_w + i * cell_w, label_w + (i + 1) * cell_w
            stroke = "#c00" if bad_cells[i] else "#036"
            b = _bit(val)
            if b in ("0", "1"):
                y = hi if b == "1" else lo
                if prev is not None and prev != val and _bit(prev) in ("0", "1"):
                    p.append(f'<line x1="{x0}" y1="{hi}" x2="{x0}" y2="{lo}" stroke="{stroke}"/>')
                p.append(
                    f'<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="{stroke}" stroke-width="1.6"/>'
                )
            else:
                fill = (
                    "#fcc" if bad_cells[i] else ("#ddd" if b in ("x", "z") or "x" in val.lower() else "#fff")
                )
                # the full value on hover (<title>); the cell shows hex for wide buses
                p.append(f"<g><title>{_e(val)}</title>")
                p.append(
                    f'<polygon points="{x0 + 3},{hi} {x1 - 3},{hi} {x1},{(hi + lo) / 2} {x1 - 3},{lo} '
                    f'{x0 + 3},{lo} {x0},{(hi + lo) / 2}" fill="{fill}" stroke="{stroke}"/>'
                )
                shown = bus_display(val)
                text = (
                    shown
                    if len(shown) * 6.5 <= cell_w - 6
                    else shown[: max(1, int((cell_w - 8) / 6.5) - 1)] + "…"
                )
                p.append(
                    f'<text x="{(x0 + x1) / 2}" y="{(hi + lo) / 2 + 4}" text-anchor="middle">'
                    f"{_e(text)}</text></g>"
                )
            prev = val
    p.append("</svg>")
    return "".join(p)


def _window_table(rows: Sequence[MismatchRow]) -> str:
    if not rows:
        return ""
    ins = list(rows[0].inputs)
    outs = list(dict.fromkeys(k for r in rows for k in (*r.expected, *r.actual)))
    head = "".join(f"<th>{_e(n)}</th>" for n in ins) + "".join(
        f"<th>{_e(o)} ref</th><th>{_e(o)} dut</th>" for o in outs
    )

    def cell(value: str, cls: str = "mono") -> str:
        shown = bus_display(value)
        title = f" title='{_e(value)}'" if shown != value else ""
        return f"<td class='{cls}'{title}>{_e(shown)}</td>"

    body = []
    for r in rows:
        cells = "".join(cell(r.inputs.get(n, "")) for n in ins)
        for o in outs:
            cells += cell(r.expected.get(o, "")) + cell(
                r.actual.get(o, ""), "mono bad" if o in r.mismatch else "mono"
            )
        body.append(f"<tr><td class=mono>{_e(r.time)}</td>{cells}</tr>")
    return f"<table><tr><th>time</th>{head}</tr>{''.join(body)}</table>"


def _artifact_links(r: BenchRecord, out_dir: Path | None) -> str:
    """Links (relative to the report) to the unit's candidate, judge log and VCD, where they exist."""
    if not r.artifacts:
        return ""
    base = Path(r.artifacts)
    items = []
    if r.candidate:
        items.append(("candidate", base / Path(r.candidate).name))
    items += [("log", base / f"{r.judge}.log"), ("VCD", base / f"{r.judge}.vcd")]
    links = [
        f"<a href='{_e(rel.as_posix())}'>{name}</a>"
        for name, rel in items
        if out_dir is None or (out_dir / rel).is_file()
    ]
    return " · ".join(links)


def html_report(
    records: Sequence[BenchRecord],
    run: dict[str, Any],
    metrics: dict[str, Metrics],
    out_dir: Path | None = None,
) -> str:
    """The self-contained HTML report (``out_dir``: the run directory, to link only files that exist)."""
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>veriagent bench {_e(run.get('suite', ''))}</title><style>{_CSS}</style></head><body>",
        f"<h1>veriagent bench: {_e(run.get('suite', '?'))}</h1><p class=prov>{_e(_prov_line(run))}</p>",
    ]
    for judge, m in metrics.items():
        out.append(
            f"<h2>Judge: {_e(judge)}</h2><table><tr><th>problems</th><th>units</th><th>passed</th>"
            f"<th>pass rate</th>{''.join(f'<th>{_e(k)}</th>' for k in m.pass_at_k)}</tr>"
        )
        out.append(
            f"<tr><td class=num>{m.problems}</td><td class=num>{m.units}</td><td class=num>{m.passed}</td>"
            f"<td class=num>{_pct(m.pass_rate)}</td>"
            f"{''.join(f'<td class=num>{_pct(v)}</td>' for v in m.pass_at_k.values())}</tr></table>"
        )
        out.append("<h3>Pass rate by category</h3>")
        out.append(bar_chart([(c, r.rate, f"({r.passed}/{r.total})") for c, r in m.by_category.items()]))
        if m.failure_classes:
            total = sum(m.failure_classes.values())
            out.append("<h3>Failure breakdown</h3>")
            out.append(bar_chart([(c, n / total, f"({n})") for c, n in m.failure_classes.items()]))
        if m.diagnostic_categories:
            out.append(
                "<h3>Compile errors by diagnostic "
                "category</h3><table><tr><th>category</th><th>count</th></tr>"
            )
            out += [
                f"<tr><td>{_e(c)}</td><td class=num>{n}</td></tr>" for c, n in m.diagnostic_categories.items()
            ]
            out.append("</table>")
        if m.token_bins:
            out.append("<h3>Tokens vs pass rate</h3>")
            out.append(
                bar_chart(
                    [(f"{b.lo}–{b.hi} tokens", b.rate, f"({b.passed}/{b.total})") for b in m.token_bins]
                )
            )
        fails = sorted(
            (r for r in records if r.judge == judge and not r.passed), key=lambda r: (r.problem, r.sample)
        )
        if fails:
            out.append(
                "<h3>Failing units</h3><table><tr><th>problem</th><th>sample</th><th>category</th>"
                "<th>class</th><th>reason</th><th>files</th></tr>"
            )
            for r in fails:
                out.append(
                    f"<tr><td><a href='#{_e(judge)}-{_e(r.problem)}-{r.sample}'>{_e(r.problem)}</a></td>"
                    f"<td class=num>{r.sample}</td><td>{_e(r.problem_category)}</td>"
                    f"<td class=fail>{_e(r.category)}</td><td>{_e(r.reason[:240])}</td>"
                    f"<td>{_artifact_links(r, out_dir)}</td></tr>"
                )
            out.append("</table>")
            for r in fails:
                out.append(
                    f"<details id='{_e(judge)}-{_e(r.problem)}-{r.sample}'"
                    f"{' open' if r.window else ''}><summary><b>{_e(r.problem)}</b> sample {r.sample}: "
                    f"{_e(r.category)}: {_e(r.reason[:200])}</summary>"
                )
                if links := _artifact_links(r, out_dir):
                    out.append(f"<p>{links}</p>")
                if r.mismatches:
                    out.append(
                        "<p>mismatching samples per output: "
                        + ", ".join(f"<code>{_e(k)}</code> {v}" for k, v in r.mismatches.items())
                        + f" of {r.samples}</p>"
                    )
                if r.window:
                    out.append(f"<p>first mismatch at {_e(r.first_mismatch_time)}</p>")
                    out.append(waveform_svg(r.window))
                    out.append(_window_table(r.window))
                if r.traceback:
                    out.append(f"<pre class=mono>{_e(r.traceback[-3000:])}</pre>")
                out.append("</details>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
