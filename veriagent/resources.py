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
    """The built-in suite: ``veriagent/datasets/hdlbits-style`` in an installed wheel, else
    ``datasets/hdlbits-style`` of the source checkout; None when neither is there.

    (``datasets/`` has no ``__init__.py``: a package of that name at the repo root would shadow
    Hugging Face's ``datasets``.)
    """
    here = Path(__file__).resolve().parent
    root = repo_root()
    for path in (here / "datasets" / "hdlbits-style", root / "datasets" / "hdlbits-style" if root else None):
        if path is not None and (path / "suite.toml").is_file():
            return path
    return None


def repo_root() -> Path | None:
    """The source checkout this package runs from, if any (None for an installed wheel)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None
