"""Locate data shipped with the package (prompt templates, testbench sources)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(name: str) -> Path:
    return Path(str(resources.files(f"veriagent.{name}")))


def prompts_dir() -> Path:
    """Directory holding the Jinja prompt templates (top-level ``prompts/`` in the repo)."""
    return _package_dir("prompts")


def testbenches_dir() -> Path:
    """Directory holding cocotb harness sources and templates (top-level ``testbenches/``)."""
    return _package_dir("testbenches")


def builtin_suite_dir() -> Path | None:
    """The built-in suite (``datasets/hdlbits-style``, in the wheel ``veriagent/datasets/hdlbits-style``)."""
    try:
        path = _package_dir("datasets") / "hdlbits-style"
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - a source tree without the mapping
        root = repo_root()
        path = root / "datasets" / "hdlbits-style" if root else Path("/nonexistent")
    return path if (path / "suite.toml").is_file() else None


def repo_root() -> Path | None:
    """The source checkout this package runs from, if any (None for an installed wheel)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None
