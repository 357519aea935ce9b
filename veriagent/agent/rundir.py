"""Files that make a run directory reproducible outside veriagent.

``run_tests.py`` reruns the run's tests with cocotb's own runner (``cocotb_tools.runner``) and the
timescale veriagent simulates with (without one, cocotb stops with "Bad `period`"); ``Makefile``
does the same with cocotb's classic makefiles (``make``) or through the runner (``make runner``).
Neither imports veriagent.
"""

from __future__ import annotations

from pathlib import Path

from veriagent.sim.cocotb_run import DEFAULT_TIMESCALE as TIMESCALE

_RUN_TESTS = '''#!/usr/bin/env python3
"""Rerun this run's cocotb tests without veriagent: python run_tests.py [icarus|verilator]
(default: {simulator}, the simulator veriagent used)

Written by veriagent; needs only cocotb 2.x and the simulator.
"""

import sys
from pathlib import Path

from cocotb_tools.runner import get_results, get_runner

HERE = Path(__file__).resolve().parent
SOURCES = [HERE / "{design}"]
TOPLEVEL = "{top}"
TEST_MODULES = {modules!r}
TEST_DIR = Path({test_dir!r})
TIMESCALE = {timescale!r}


def main() -> int:
    sim = sys.argv[1] if len(sys.argv) > 1 else "{simulator}"
    build_dir = HERE / "sim_build" / sim
    runner = get_runner(sim)
    runner.build(sources=SOURCES, hdl_toplevel=TOPLEVEL, build_dir=build_dir, timescale=TIMESCALE,
                 always=True)
    results = runner.test(test_module=TEST_MODULES, hdl_toplevel=TOPLEVEL, build_dir=build_dir,
                          test_dir=TEST_DIR, timescale=TIMESCALE)
    total, failed = get_results(results)
    print(f"{{total - failed}} of {{total}} test(s) passed ({{results}})")
    return 1 if failed or not total else 0


if __name__ == "__main__":
    sys.exit(main())
'''

_MAKEFILE = """# Rerun this run's cocotb tests without veriagent (written by veriagent).
#   make            cocotb's own makefiles (SIM=icarus by default)
#   make runner     the same through cocotb_tools.runner (python run_tests.py)
SIM ?= {simulator}
TOPLEVEL_LANG = verilog
VERILOG_SOURCES = $(abspath {design})
COCOTB_TOPLEVEL = {top}
COCOTB_TEST_MODULES = {modules}
COCOTB_HDL_TIMEUNIT = {unit}
COCOTB_HDL_TIMEPRECISION = {precision}
export PYTHONPATH := {test_dir}:$(PYTHONPATH)

ifeq ($(SIM),icarus)
COMPILE_ARGS += -g2012
endif

include $(shell cocotb-config --makefiles)/Makefile.sim

.PHONY: runner
runner:
\tpython3 run_tests.py $(SIM)
"""


def write_rerun_files(
    run_dir: Path,
    *,
    top: str,
    test_modules: list[str],
    test_dir: Path,
    design: str = "design.v",
    simulator: str = "icarus",
) -> list[Path]:
    """Write ``run_tests.py`` and ``Makefile`` into ``run_dir``.

    Args:
        run_dir: the run directory (holds ``design``).
        top: the HDL toplevel.
        test_modules: cocotb test module names.
        test_dir: the directory of the test modules.
        design: the design file name inside ``run_dir``.
        simulator: the default simulator (``verilator`` for code Icarus cannot take).

    Returns:
        The paths written.
    """
    tdir = str(test_dir.resolve())
    script = run_dir / "run_tests.py"
    script.write_text(
        _RUN_TESTS.format(
            design=design,
            top=top,
            modules=test_modules,
            test_dir=tdir,
            timescale=TIMESCALE,
            simulator=simulator,
        ),
        encoding="utf-8",
    )
    script.chmod(0o755)
    make = run_dir / "Makefile"
    make.write_text(
        _MAKEFILE.format(
            design=design,
            top=top,
            modules=",".join(test_modules),
            test_dir=tdir,
            unit=TIMESCALE[0],
            precision=TIMESCALE[1],
            simulator=simulator,
        ),
        encoding="utf-8",
    )
    return [script, make]


def unverified_header(status: str, reason: str, run_dir: str) -> str:
    """The comment an unverified design written with ``-o`` starts with."""
    first = reason.splitlines()[0] if reason else status
    return (
        f"// veriagent: NOT VERIFIED ({status}): {first}\n"
        f"// run: {run_dir} (report.json, trace.jsonl); do not use this design as is.\n"
    )


__all__ = ["TIMESCALE", "unverified_header", "write_rerun_files"]
