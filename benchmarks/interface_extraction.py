"""How well is the interface read from specs? Accuracy per notation and time per spec.

Two data sets, both our own:
- the spec-notation corpus (tests/data/spec_corpus/<notation>/<case>.md + expected <case>.json);
- the built-in suite (datasets/hdlbits-style), each problem's spec.md ("house") and its alternative
  notations spec.<style>.md, judged against the reference design's ports.

Per notation it counts specs whose module, port names, directions, widths, parameters and source are
all right, and each of those fields on its own (names/directions/widths compare the whole port list,
in order; the sections style groups inputs before outputs and prose names ports in the order its sentences
do, so their order is not compared).

    .venv/bin/python benchmarks/interface_extraction.py [--repeat 20] [--failures]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from veriagent.agent.spec import interface_from_spec  # noqa: E402
from veriagent.hdl.interface import Interface, extract_interface  # noqa: E402

CORPUS = REPO / "tests" / "data" / "spec_corpus"
SUITE = REPO / "datasets" / "hdlbits-style"
STYLE_SOURCE = {"house": "list", "prose": "prose", "sections": "sections", "table": "table", "parens": "list"}
FIELDS = ("module", "names", "directions", "widths", "parameters", "source", "all")


@dataclass
class Case:
    """One spec with the interface a careful reader takes from it."""

    group: str
    name: str
    text: str
    module: str | None
    ports: list[tuple[str, str, int]]
    parameters: dict[str, str] | None
    source: str
    ordered: bool = True


@dataclass
class Tally:
    """Per-notation counts of correct fields."""

    n: int = 0
    ok: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)


def corpus_cases() -> list[Case]:
    """The spec-notation corpus."""
    out = []
    for md in sorted(CORPUS.glob("*/*.md")):
        exp = json.loads(md.with_suffix(".json").read_text())
        out.append(Case(md.parent.name, md.stem, md.read_text(), exp["module"],
                        [(p["name"], p["direction"], p["width"]) for p in exp["ports"]],
                        exp.get("parameters"), exp["source"]))
    return out


def suite_cases() -> list[Case]:
    """The built-in suite's specs in every notation, expected = the reference's ports."""
    out = []
    for d in sorted(p for p in SUITE.iterdir() if (p / "ref.v").is_file()):
        ref = extract_interface((d / "ref.v").read_text())
        ports: list[tuple[str, str, int]] = [(p.name, p.direction, p.width) for p in ref.ports]
        for style, source in STYLE_SOURCE.items():
            path = d / ("spec.md" if style == "house" else f"spec.{style}.md")
            if path.is_file():
                out.append(Case(style, d.name, path.read_text(), "top_module", ports, None, source,
                                ordered=style not in ("sections", "prose")))
    return out


def score(case: Case, iface: Interface | None) -> dict[str, bool]:
    """Which fields of the extracted interface are right."""
    if iface is None:
        return dict.fromkeys(FIELDS, False)
    got = [(p.name, p.direction, p.width) for p in iface.ports]
    exp = case.ports
    if not case.ordered:
        got, exp = sorted(got), sorted(exp)
    res = {
        "module": case.module is None or iface.module == case.module,
        "names": [g[0] for g in got] == [e[0] for e in exp],
        "directions": [g[:2] for g in got] == [e[:2] for e in exp],
        "widths": got == exp,
        "parameters": case.parameters is None or iface.parameters == case.parameters,
        "source": getattr(iface, "source", None) == case.source,
    }
    res["all"] = all(res.values())
    return res


def run(cases: list[Case], repeat: int) -> tuple[dict[str, Tally], float]:
    """Score every case; the mean seconds per extraction over ``repeat`` passes."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            try:
                interface_from_spec(case.text, None)
            except Exception:
                pass
    per_spec = (time.perf_counter() - t0) / max(1, repeat * len(cases))
    for case in cases:
        try:
            iface = interface_from_spec(case.text, None)
        except Exception as e:
            iface = None
            err = f"{type(e).__name__}: {e}"
        else:
            err = ""
        res = score(case, iface)
        t = tallies[case.group]
        t.n += 1
        for k, v in res.items():
            t.ok[k] += v
        if not res["all"]:
            wrong = [k for k in FIELDS[:-1] if not res[k]]
            t.failures.append(f"{case.group}/{case.name}: wrong {', '.join(wrong)} {err}".rstrip())
    return tallies, per_spec


def table(title: str, tallies: dict[str, Tally]) -> str:
    """A markdown table of the tallies, one row per notation plus a total."""
    lines = [f"### {title}", "", "| notation | specs | " + " | ".join(FIELDS) + " |",
             "|---|---:|" + "---:|" * len(FIELDS)]
    total = Tally()
    for name in sorted(tallies):
        t = tallies[name]
        lines.append(f"| {name} | {t.n} | " + " | ".join(str(t.ok[k]) for k in FIELDS) + " |")
        total.n += t.n
        for k in FIELDS:
            total.ok[k] += t.ok[k]
    lines.append(f"| **total** | {total.n} | " + " | ".join(f"**{total.ok[k]}**" for k in FIELDS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="timing passes over every spec (default 20)")
    ap.add_argument("--failures", action="store_true", help="list every spec that is not fully right")
    args = ap.parse_args(argv)
    out: list[Any] = []
    for title, cases in (("Spec-notation corpus", corpus_cases()), ("Built-in suite, per spec notation",
                                                                     suite_cases())):
        tallies, per_spec = run(cases, args.repeat)
        out.append(table(title, tallies))
        out.append(f"\n{len(cases)} specs, {per_spec * 1e3:.2f} ms per spec (mean of {args.repeat} passes)\n")
        if args.failures:
            out += [f"- {f}" for t in tallies.values() for f in t.failures] + [""]
    print("\n".join(str(x) for x in out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
