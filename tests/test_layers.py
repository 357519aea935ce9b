"""The floors of the package hold: import-linter's contracts in pyproject.toml pass, and they do bite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")

pytest.importorskip("importlinter", reason="import-linter is in the dev extra")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LINT], cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)})


def test_floors_hold() -> None:
    proc = _lint(REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_an_arrow_back_up_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(REPO / "veriagent", tmp_path / "veriagent", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    text = tmp_path / "veriagent" / "sim" / "models.py"
    text.write_text(text.read_text() + "\nimport veriagent.bench.models  # noqa: E402\n")
    proc = _lint(tmp_path)
    assert proc.returncode == 1
    assert "veriagent.sim is not allowed to import veriagent.bench" in proc.stdout
