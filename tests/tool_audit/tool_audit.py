"""Record which HDL tools each test starts (for ``pytest --check-markers``).

An audit hook on ``subprocess.Popen`` appends ``<test id>\\t<tool>`` to the file named by
``VERIAGENT_TOOL_LOG`` for every HDL tool started; the test id is read, at each start, from the
file named by ``VERIAGENT_TOOL_TEST`` (the test run writes the running test's id there). Both
names are set once for the whole session, so processes that outlive one test (a multiprocessing
forkserver and its workers) still report to the right test. The test run installs the hook
in-process; ``sitecustomize.py`` next to this file installs it in child Python processes (the
``veriagent`` CLI run as a subprocess), through ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

LOG_ENV = "VERIAGENT_TOOL_LOG"
TEST_ENV = "VERIAGENT_TOOL_TEST"
TOOLS = frozenset({"iverilog", "vvp", "verilator", "verilator_bin", "yosys"})
_installed = False


def _names(args: Any) -> list[str]:
    argv = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args or [])
    out = []
    for a in argv:
        word = os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a)
        out += [os.path.basename(w) for w in word.split()]  # a shell string: every word
    return out


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event != "subprocess.Popen":
        return
    log, current = os.environ.get(LOG_ENV), os.environ.get(TEST_ENV)
    if not log or not current:
        return
    executable, argv = args[0], args[1]
    started = {n for n in _names(argv) + _names([executable] if executable else []) if n in TOOLS}
    if not started:
        return
    try:
        with open(current, encoding="utf-8") as f:
            test = f.read().strip() or "(between tests)"
    except OSError:
        test = "(unknown)"
    with open(log, "a", encoding="utf-8") as f:
        f.write("".join(f"{test}\t{n}\n" for n in sorted(started)))


def install() -> None:
    """Add the audit hook to this process (once; audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def read_log(path: str) -> dict[str, set[str]]:
    """test id -> tools it started, from the log."""
    out: dict[str, set[str]] = {}
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                test, _, tool = line.rstrip("\n").partition("\t")
                out.setdefault(test, set()).add(tool)
    return out
