"""Record which HDL tools a process starts (for ``pytest --check-markers``).

An audit hook on ``subprocess.Popen`` appends the name of every HDL tool started to the file named
by ``VERIAGENT_TOOL_LOG`` (read at each start, so one hook serves test after test). The test run
installs it in-process; ``sitecustomize.py`` next to this file installs it in child Python
processes (the ``veriagent`` CLI run as a subprocess), through ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

LOG_ENV = "VERIAGENT_TOOL_LOG"
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
    log = os.environ.get(LOG_ENV)
    if not log:
        return
    executable, argv = args[0], args[1]
    started = {n for n in _names(argv) + _names([executable] if executable else []) if n in TOOLS}
    if started:
        with open(log, "a", encoding="utf-8") as f:
            f.write("".join(f"{n}\n" for n in sorted(started)))


def install() -> None:
    """Add the audit hook to this process (once; audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
