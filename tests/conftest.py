"""Shared fixtures: isolate config and cache dirs, expose the real model cache to slow tests.

``pytest --check-markers`` also checks the ``sim`` marker against what each test really does:
every test that starts an HDL tool (iverilog, vvp, verilator, yosys; in-process or in a child
``veriagent`` process) must be marked ``sim``, and no ``sim`` test may start none. A mismatch
fails the run, also under pytest-xdist (the workers' findings are merged in the controller).

``make test`` runs the suite on several workers (pytest-xdist, ``--dist loadgroup``): tests that
share a module- or session-scoped fixture of ours run on one worker, and all ``slow`` tests on
one worker, one after another (tests/xdist_groups.py). (See docs/testing.md.)
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import pytest

pytest_plugins = ["pytester"]  # tests/test_marker_check.py runs --check-markers on a small project

REPO = Path(__file__).resolve().parent.parent
AUDIT_DIR = Path(__file__).resolve().parent / "tool_audit"
REAL_CACHE = Path(os.environ.get("VERIAGENT_CACHE_DIR") or platformdirs.user_cache_dir("veriagent"))


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache dir and no user config; errors re-raise. Replayed replies script
    the single-draft loop, so the CLI runs here use N = M = 1 (the defaults are 5 drafts and 3 models;
    tests of the population pass ``--samples``/``--models`` or ``AgentConfig(samples=..., models=...)``)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("VERIAGENT_AGENT__SAMPLES", "1")
    monkeypatch.setenv("VERIAGENT_AGENT__MODELS", "1")
    monkeypatch.setenv("VERIAGENT_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("VERIAGENT_CONFIG", str(home / "none.toml"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
def real_cache_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's real cache (where `make setup` put the local model), for slow tests."""
    monkeypatch.setenv("VERIAGENT_CACHE_DIR", str(REAL_CACHE))
    return REAL_CACHE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--check-markers", action="store_true",
                     help="fail when a test starting an HDL tool lacks `sim`, or a `sim` test starts none")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--check-markers"):
        sys.path.insert(0, str(AUDIT_DIR))
        from marker_check import MarkerCheck

        config.pluginmanager.register(MarkerCheck(), "veriagent-marker-check")
    if config.pluginmanager.hasplugin("xdist"):
        from xdist_groups import GroupPlugin

        config.pluginmanager.register(GroupPlugin(), "veriagent-xdist-groups")


@dataclass
class MainRun:
    """What a user sees from one `veriagent ...` run: exit status, stdout, stderr."""

    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.strip().splitlines()


@pytest.fixture
def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., MainRun]:
    """Run the console script's real ``main()`` (its error boundary included, unlike CliRunner)."""
    from veriagent.cli import main

    def run(*args: str) -> MainRun:
        monkeypatch.delenv("VERIAGENT_RAISE_ERRORS", raising=False)
        monkeypatch.setattr(sys, "argv", ["veriagent", *args])
        capsys.readouterr()
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        cap = capsys.readouterr()
        return MainRun(code, cap.out, cap.err)

    return run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which("iverilog") is None and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason="Icarus Verilog not installed")
        for item in items:
            if "sim" in item.keywords:
                item.add_marker(skip)
