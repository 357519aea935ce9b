"""Build a design with Icarus Verilog and run cocotb tests on it; the verdict comes from results.xml.

Both steps (``iverilog`` and ``vvp`` with cocotb's VPI library) run jailed by
:func:`veriagent.sandbox.run`: the build directory is the only writable place, and a design
that hangs is killed with its process group. What the design or the tests print never decides the
verdict: only cocotb's JUnit ``results.xml`` does, written into the run's verdict directory (mounted
at a random path the design cannot name, outside its working directory) and read by the parent.

Valid SystemVerilog that Icarus 11 cannot take (``sorry:``, casts on legal enum code) is simulated
with Verilator instead, through cocotb 2.x's Verilator support (``verilator --vpi`` + cocotb's
``verilator.cpp``, built with ``make`` in the same jail); :attr:`SimResult.simulator` records which.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from veriagent import sandbox
from veriagent.errors import ToolMissing
from veriagent.hdl import tools
from veriagent.sim.models import FailureClass

log = logging.getLogger(__name__)

#: Default `timescale for modules that declare none (cocotb 2.1 + Icarus 11 need one).
DEFAULT_TIMESCALE = ("1ns", "1ps")
LOG_TAIL = 4000
_TOOL_LIMIT_MARKERS = ("sorry:", "not supported", "unsupported", "not yet supported")


class TestCaseResult(BaseModel):
    """One cocotb test's outcome, as results.xml records it."""

    __test__ = False  # not a pytest class

    name: str
    passed: bool
    """Ran and passed (a skipped test did not pass)."""
    message: str = ""
    seconds: float = 0.0
    skipped: bool = False


class SimResult(BaseModel):
    """Outcome of building and running cocotb tests on a design."""

    passed: bool
    tests: list[TestCaseResult]
    compiled: bool
    timed_out: bool
    error: str
    log: str
    seconds: float
    category: FailureClass | None
    vcd: str | None = None
    """Path of the VCD written when ``waves`` was asked for (and the run got that far)."""
    results_xml: str | None = None
    """Path of cocotb's results file (absent when the run died before writing it)."""
    simulator: str = "icarus"
    """The simulator that ran the tests: ``icarus``, or ``verilator`` for code Icarus cannot take."""


def _tail(text: str, n: int = LOG_TAIL) -> str:
    return text if len(text) <= n else "...\n" + text[-n:]


def cocotb_env(
    test_module: str, toplevel: str, test_dir: Path, results: Path, extra_env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment ``vvp`` needs to load cocotb and run ``test_module`` against ``toplevel``.

    Args:
        test_module: Python module (file stem) holding the ``@cocotb.test()`` coroutines.
        toplevel: HDL toplevel name.
        test_dir: directory of the test module (put first on PYTHONPATH).
        results: where cocotb writes its JUnit results file (may use :data:`sandbox.VERDICT_DIR`).
        extra_env: added last (e.g. COCOTB_RANDOM_SEED, harness configuration).

    Returns:
        A complete environment for :func:`veriagent.sandbox.run`.
    """
    import cocotb_tools.config as cfg
    import find_libpython

    libpython = find_libpython.find_libpython()
    if libpython is None:
        raise ToolMissing("cannot find libpython for cocotb: install the Python shared library")
    base = sandbox.tool_env()
    paths = [str(test_dir), *[p for p in sys.path if p]]
    env = {
        **base,
        "PATH": base.get("PATH", os.defpath) + os.pathsep + str(cfg.libs_dir),
        "PYTHONPATH": os.pathsep.join(paths),
        "PYGPI_PYTHON_BIN": sys.executable,
        "GPI_USERS": ";".join([libpython, cfg.pygpi_entry_point()]),
        "COCOTB_TOPLEVEL": toplevel,
        "COCOTB_TEST_MODULES": test_module,
        "TOPLEVEL_LANG": "verilog",
        "COCOTB_RESULTS_FILE": str(results),
        "COCOTB_ANSI_OUTPUT": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if extra_env:
        env.update(extra_env)
    return env


def read_results(path: Path) -> list[TestCaseResult]:
    """Test cases recorded in a cocotb results.xml (JUnit).

    Args:
        path: the results file.

    Returns:
        One entry per ``testcase`` element; failed/errored/skipped ones carry their message, and a
        skipped one is not passed.

    Raises:
        ET.ParseError: the file is not XML.
    """
    tree = ET.parse(path)
    out: list[TestCaseResult] = []
    for case in tree.getroot().iter("testcase"):
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        skipped = case.find("skipped")
        msg = ""
        if bad is not None:
            msg = (bad.get("message") or bad.text or "failed").strip()
        elif skipped is not None:
            msg = "skipped: " + (skipped.get("message") or "").strip()
        try:
            secs = float(case.get("time", "0") or 0)
        except ValueError:
            secs = 0.0
        out.append(
            TestCaseResult(
                name=case.get("name", "?"),
                passed=bad is None and skipped is None,
                message=msg[:2000],
                seconds=secs,
                skipped=bad is None and skipped is not None,
            )
        )
    return out


def _write_dump_module(build_dir: Path, toplevel: str, vcd: Path) -> Path:
    path = build_dir / "veriagent_dump.v"
    vcd_text = str(vcd).replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        "module veriagent_dump();\ninitial begin\n"
        f'  $dumpfile("{vcd_text}");\n  $dumpvars(0, {toplevel});\nend\nendmodule\n'
    )
    return path


def compile_icarus(
    sources: Sequence[Path],
    toplevels: Sequence[str],
    build_dir: Path,
    *,
    timeout: float = 60.0,
    extra_args: Sequence[str] = (),
    out_name: str = "sim.vvp",
) -> sandbox.ProcResult:
    """Compile ``sources`` with ``iverilog -g2012`` and the default timescale.

    Args:
        sources: Verilog/SystemVerilog files.
        toplevels: root modules (each given with ``-s``).
        build_dir: where the ``.vvp`` file and the command file go.
        timeout: seconds before the compiler is killed.
        extra_args: more iverilog arguments.
        out_name: output file name inside ``build_dir``.

    Returns:
        The compiler's :class:`~veriagent.sandbox.ProcResult`.
    """
    argv = icarus_argv(sources, toplevels, build_dir, extra_args=extra_args, out_name=out_name)
    jail = sandbox.Jail(build_dir, readable=tuple(Path(s).resolve() for s in sources))
    return sandbox.run(argv, cwd=build_dir, timeout=timeout, env=sandbox.tool_env(), jail=jail)


def icarus_argv(
    sources: Sequence[Path],
    toplevels: Sequence[str],
    build_dir: Path,
    *,
    extra_args: Sequence[str] = (),
    out_name: str = "sim.vvp",
) -> list[str]:
    """The ``iverilog`` command of :func:`compile_icarus` (its command file written into ``build_dir``)."""
    iverilog = tools.find("iverilog")
    build_dir.mkdir(parents=True, exist_ok=True)
    cmds = build_dir / "cmds.f"
    cmds.write_text("+timescale+{}/{}\n".format(*DEFAULT_TIMESCALE))
    argv = [iverilog, "-g2012", "-o", str(build_dir / out_name), "-f", str(cmds)]
    for top in toplevels:
        argv += ["-s", top]
    return [*argv, *extra_args, *[str(Path(s).resolve()) for s in sources]]


def verdict_dir(build_dir: Path) -> Path:
    """Where the harness's results of a run in ``build_dir`` land (a sibling: not writable by the design)."""
    return build_dir.with_name(build_dir.name + ".verdict")


def _fresh_results(build_dir: Path, name: str) -> Path:
    """``name`` in the verdict dir of a run in ``build_dir`` (the dir made, any old results removed)."""
    vdir = verdict_dir(build_dir)
    vdir.mkdir(parents=True, exist_ok=True)
    results = vdir / name
    results.unlink(missing_ok=True)
    return results


def _not_built(
    error: str, *, timed_out: bool, category: FailureClass, log: str, start: float, simulator: str = "icarus"
) -> SimResult:
    """The SimResult of a build that failed: no test ran."""
    return SimResult(
        passed=False,
        tests=[],
        compiled=False,
        timed_out=timed_out,
        error=error,
        log=log,
        simulator=simulator,
        seconds=time.monotonic() - start,
        category=category,
    )


def compile_category(output: str) -> FailureClass:
    """compile-error, or tool-limit when Icarus only says it does not support a construct."""
    low = output.lower()
    limited = any(m in low for m in _TOOL_LIMIT_MARKERS)
    real = any(
        w in low
        for w in (
            "syntax error",
            "unknown module",
            "not declared",
            "unable to bind",
            "is not a valid",
            "malformed",
        )
    )
    return "tool-limit" if limited and not real else "compile-error"


def run_cocotb(
    sources: Sequence[Path],
    toplevel: str,
    test_module: str,
    test_dir: Path,
    *,
    build_dir: Path,
    timeout: float = 120.0,
    waves: bool = False,
    extra_env: Mapping[str, str] | None = None,
    simulator: str = "auto",
) -> SimResult:
    """Build ``sources`` with Icarus and run the cocotb tests of ``test_module`` on ``toplevel``.

    Args:
        sources: HDL files (Verilog / SystemVerilog that Icarus 11 accepts with -g2012).
        toplevel: HDL toplevel module.
        test_module: Python module name (file stem) in ``test_dir`` with ``@cocotb.test()``s.
        test_dir: directory holding the test module.
        build_dir: scratch directory for the build and results (created).
        timeout: wall-clock seconds for the compile and for the simulation, each.
        waves: dump a VCD of the toplevel (``SimResult.vcd``).
        extra_env: more environment variables for the simulation (e.g. COCOTB_RANDOM_SEED).
        simulator: ``auto`` (Icarus; Verilator when Icarus reports only a tool limit), ``icarus``,
            or ``verilator`` (Icarus first all the same: it is much faster to build; Verilator when
            Icarus fails to compile).

    Returns:
        A :class:`SimResult`; ``category`` is None when all tests passed, otherwise
        compile-error / tool-limit / timeout / runtime-error / functional-mismatch.

    Raises:
        ToolMissing: iverilog, vvp or libpython cannot be found.
    """
    start = time.monotonic()
    build_dir = Path(build_dir).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    test_dir = Path(test_dir).resolve()
    srcs = [Path(s).resolve() for s in sources]
    tops = [toplevel]
    vcd: Path | None = None
    if waves:
        vcd = build_dir / "waves.vcd"
        srcs.append(_write_dump_module(build_dir, toplevel, vcd))
        tops.append("veriagent_dump")
    comp = compile_icarus(srcs, tops, build_dir, timeout=timeout)
    if not comp.ok:
        err = "compile timed out" if comp.timed_out else "compile failed"
        cat: FailureClass = "timeout" if comp.timed_out else compile_category(comp.output)
        fallback = simulator == "verilator" or (simulator == "auto" and cat == "tool-limit")
        if fallback and not waves and not comp.timed_out and tools.locate("verilator") is not None:
            log.info("Icarus cannot compile %s (%s): simulating with Verilator", toplevel, cat)
            return run_verilator(
                srcs,
                toplevel,
                test_module,
                test_dir,
                build_dir=build_dir / "verilator",
                timeout=timeout,
                extra_env=extra_env,
                start=start,
            )
        first = next((ln for ln in comp.output.splitlines() if ln.strip()), "")
        error = f"{err}: {first}" if first else err
        return _not_built(error, timed_out=comp.timed_out, category=cat, log=_tail(comp.output), start=start)
    return run_vvp(
        build_dir / "sim.vvp",
        toplevel,
        test_module,
        test_dir,
        build_dir=build_dir,
        timeout=timeout,
        extra_env=extra_env,
        vcd=vcd,
        start=start,
        compile_log=comp.output,
    )


def run_verilator(
    sources: Sequence[Path],
    toplevel: str,
    test_module: str,
    test_dir: Path,
    *,
    build_dir: Path,
    timeout: float,
    extra_env: Mapping[str, str] | None = None,
    start: float | None = None,
) -> SimResult:
    """Build ``sources`` with Verilator for cocotb (VPI) and run the tests of ``test_module``.

    Args:
        sources: HDL files.
        toplevel: HDL toplevel module.
        test_module: Python module with the tests.
        test_dir: its directory.
        build_dir: build directory (created).
        timeout: wall-clock seconds for the build (verilate + C++ compile) and for the run, each.
        extra_env: more environment variables.
        start: monotonic start time to measure from (default: now).

    Returns:
        A :class:`SimResult` with ``simulator="verilator"``.

    Raises:
        ToolMissing: verilator (or make / a C++ compiler) cannot be found.
    """
    import cocotb_tools.config as cfg

    start = time.monotonic() if start is None else start
    build_dir = Path(build_dir).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    make = tools.locate("make")
    if make is None:
        raise ToolMissing("make is not installed: it builds Verilator models (apt-get install make g++)")
    env = sandbox.tool_env(tools.env_for("verilator"))
    argv = [
        tools.find("verilator"),
        "--cc",
        "--exe",
        "--vpi",
        "--public-flat-rw",
        "--timing",
        "-Wno-fatal",
        "-Wno-lint",
        "-Wno-style",
        "--Mdir",
        str(build_dir),
        "--top-module",
        toplevel,
        "--prefix",
        "Vtop",
        "-o",
        "sim",
        "--timescale",
        "{}/{}".format(*DEFAULT_TIMESCALE),
        "-LDFLAGS",
        f"-Wl,-rpath,{cfg.libs_dir} -L{cfg.libs_dir} -lcocotbvpi_verilator",
        str(cfg.share_dir / "lib" / "verilator" / "verilator.cpp"),
        *[str(Path(s).resolve()) for s in sources],
    ]
    steps = [
        argv,
        [
            make,
            "-j",
            str(min(4, os.cpu_count() or 1)),
            "-C",
            str(build_dir),
            "-f",
            "Vtop.mk",
            f"PYTHON3={sys.executable}",
        ],
    ]  # the wheel's make files call a bare `python`
    build_jail = sandbox.Jail(build_dir, readable=tuple(Path(s).resolve() for s in sources))
    output = ""
    for step in steps:
        proc = sandbox.run(step, cwd=build_dir, timeout=timeout, env=env, jail=build_jail)
        output += proc.output
        if not proc.ok:
            what = "build timed out" if proc.timed_out else "compile failed"
            first = next((ln for ln in proc.output.splitlines() if ln.startswith("%Error")), "") or next(
                (ln for ln in proc.output.splitlines() if ln.strip()), ""
            )
            return _not_built(
                f"Verilator {what}: {first}",
                timed_out=proc.timed_out,
                category="timeout" if proc.timed_out else "compile-error",
                log=_tail(output),
                start=start,
                simulator="verilator",
            )
    results = _fresh_results(build_dir, "results.xml")
    run_env = cocotb_env(
        test_module,
        toplevel,
        test_dir,
        Path(f"{sandbox.VERDICT_DIR}/results.xml"),
        {"COCOTB_TRUST_INERTIAL_WRITES": "1", **(extra_env or {})},
    )
    jail = sandbox.Jail(build_dir, readable=(Path(test_dir).resolve(),), verdict=results.parent)
    proc = sandbox.run([str(build_dir / "sim")], cwd=build_dir, timeout=timeout, env=run_env, jail=jail)
    res = _verdict(
        proc,
        results,
        test_module,
        timeout,
        log=_tail(output + "\n" + proc.output),
        seconds=time.monotonic() - start,
        vcd=None,
    )
    return res.model_copy(update={"simulator": "verilator"})


def run_vvp(
    vvp_file: Path,
    toplevel: str,
    test_module: str,
    test_dir: Path,
    *,
    build_dir: Path,
    timeout: float,
    extra_env: Mapping[str, str] | None = None,
    vcd: Path | None = None,
    start: float | None = None,
    compile_log: str = "",
    results_name: str = "results.xml",
) -> SimResult:
    """Run an already compiled ``vvp_file`` under cocotb and read the verdict from results.xml.

    Args:
        vvp_file: output of :func:`compile_icarus`.
        toplevel: HDL toplevel module (COCOTB_TOPLEVEL).
        test_module: Python module with the tests.
        test_dir: its directory.
        build_dir: working directory of the simulation.
        timeout: wall-clock seconds.
        extra_env: more environment variables.
        vcd: where a dump module writes the VCD, if any.
        start: monotonic start time to measure from (default: now).
        compile_log: compiler output to keep in the log.
        results_name: file name of the results file inside the run's :func:`verdict_dir`.

    Returns:
        A :class:`SimResult` (see :func:`run_cocotb`).
    """
    start = time.monotonic() if start is None else start
    vvp = tools.find("vvp")
    import cocotb_tools.config as cfg

    results = _fresh_results(build_dir, results_name)
    env = cocotb_env(
        test_module, toplevel, test_dir, Path(f"{sandbox.VERDICT_DIR}/{results_name}"), extra_env
    )
    argv = [vvp, "-m", str(cfg.lib_entry("vpi", "icarus")), str(vvp_file)]
    argv += ["-vcd"] if vcd is not None else ["-none"]
    jail = sandbox.Jail(
        build_dir, readable=(Path(test_dir).resolve(), Path(vvp_file).resolve()), verdict=results.parent
    )
    proc = sandbox.run(argv, cwd=build_dir, timeout=timeout, env=env, jail=jail)
    text = _tail((compile_log + "\n" if compile_log.strip() else "") + proc.output)
    vcd_path = str(vcd) if vcd is not None and vcd.exists() else None
    return _verdict(
        proc, results, test_module, timeout, log=text, seconds=time.monotonic() - start, vcd=vcd_path
    )


def _verdict(
    proc: sandbox.ProcResult,
    results: Path,
    test_module: str,
    timeout: float,
    *,
    log: str,
    seconds: float,
    vcd: str | None,
) -> SimResult:
    """The SimResult of a finished simulation, read from cocotb's results file (never from stdout)."""

    def done(**kw: Any) -> SimResult:
        return SimResult(compiled=True, log=log, seconds=seconds, vcd=vcd, **kw)

    if proc.timed_out:
        return done(
            passed=False,
            tests=[],
            timed_out=True,
            category="timeout",
            error=f"simulation did not finish within {timeout:.0f} s",
        )
    if not results.exists():
        why = f"simulator exited with code {proc.returncode} before cocotb wrote {results.name}"
        if proc.truncated:
            why += " (output flooded and truncated)"
        return done(passed=False, tests=[], timed_out=False, category="runtime-error", error=why)
    try:
        cases = read_results(results)
    except ET.ParseError as exc:
        return done(
            passed=False,
            tests=[],
            timed_out=False,
            category="runtime-error",
            error=f"unreadable {results.name}: {exc}",
        )
    if not cases:
        return done(
            passed=False,
            tests=[],
            timed_out=False,
            category="runtime-error",
            error=f"no tests ran (is `{test_module}` importable and does it define "
            "@cocotb.test() functions?)",
            results_xml=str(results),
        )
    failed = [c for c in cases if not c.passed and not c.skipped]
    if failed:
        first = failed[0]
        return done(
            passed=False,
            tests=cases,
            timed_out=False,
            category="functional-mismatch",
            error=f"{len(failed)} of {len(cases)} test(s) failed; {first.name}: "
            f"{first.message.splitlines()[0] if first.message else 'failed'}",
            results_xml=str(results),
        )
    skipped = [c for c in cases if c.skipped]
    if skipped:  # a test that did not run proved nothing: the run does not pass
        return done(
            passed=False,
            tests=cases,
            timed_out=False,
            category="runtime-error",
            error=f"{len(skipped)} of {len(cases)} test(s) skipped (a skipped test is not a pass); "
            f"first: {skipped[0].name}",
            results_xml=str(results),
        )
    return done(passed=True, tests=cases, timed_out=False, category=None, error="", results_xml=str(results))
