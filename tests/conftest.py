"""Shared fixtures: isolate config and cache dirs, expose the real model cache to slow tests.

``pytest --check-markers`` also checks the ``sim`` marker against what each test really does:
every test that starts an HDL tool (iverilog, vvp, verilator, yosys; in-process or in a child
``veriagent`` process) must be marked ``sim``, and no ``sim`` test may start none. A mismatch
fails the run. (See docs/testing.md.)
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import pytest

REPO = Path(__file__).resolve().parent.parent
AUDIT_DIR = Path(__file__).resolve().parent / "tool_audit"
REAL_CACHE = Path(os.environ.get("VERIAGENT_CACHE_DIR") or platformdirs.user_cache_dir("veriagent"))


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache dir and no user config; errors re-raise."""
    home = tmp_path_factory.mktemp("home")
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
    config.stash[_TOOLS_SEEN] = {}
    if config.getoption("--check-markers"):
        sys.path.insert(0, str(AUDIT_DIR))
        import tool_audit

        tool_audit.install()


_TOOLS_SEEN = pytest.StashKey[dict[str, tuple[bool, set[str]]]]()
"""test function (node id without parameters) -> (marked sim, tools its items started)"""


@pytest.fixture(autouse=True)
def _record_tools(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Under --check-markers: log the HDL tools this test starts (itself and its child processes)."""
    if not request.config.getoption("--check-markers"):
        yield
        return
    log = tmp_path_factory.mktemp("tools") / "started.txt"
    monkeypatch.setenv("VERIAGENT_TOOL_LOG", str(log))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(AUDIT_DIR), os.environ.get("PYTHONPATH")])))
    yield
    started = set(log.read_text().split()) if log.is_file() else set()
    key = request.node.nodeid.split("[")[0]
    seen = request.config.stash[_TOOLS_SEEN]
    sim, tools = seen.get(key, ("sim" in request.node.keywords, set()))
    seen[key] = (sim, tools | started)


def marker_mismatches(seen: dict[str, tuple[bool, set[str]]]) -> list[str]:
    """Lines naming the test functions whose `sim` marker disagrees with the tools they started."""
    out = []
    for key, (sim, tools) in sorted(seen.items()):
        if tools and not sim:
            out.append(f"starts {', '.join(sorted(tools))} but is not marked sim: {key}")
        elif sim and not tools:
            out.append(f"marked sim but starts no HDL tool: {key}")
    return out


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # a skipped test started nothing and proves nothing about its marker
    if report.skipped:
        _SKIPPED.add(report.nodeid.split("[")[0])


_SKIPPED: set[str] = set()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not config.getoption("--check-markers"):
        return
    seen = {k: v for k, v in config.stash[_TOOLS_SEEN].items() if k not in _SKIPPED or v[1]}
    bad = marker_mismatches(seen)
    terminalreporter.section("sim markers")
    terminalreporter.write_line(f"{len(seen)} test functions checked, {len(bad)} marker mismatch(es)")
    for line in bad:
        terminalreporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if config.getoption("--check-markers"):
        seen = {k: v for k, v in config.stash[_TOOLS_SEEN].items() if k not in _SKIPPED or v[1]}
        if marker_mismatches(seen) and exitstatus == 0:
            session.exitstatus = 1


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
