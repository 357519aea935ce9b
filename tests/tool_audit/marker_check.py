"""``pytest --check-markers``: the ``sim`` marker checked against the HDL tools each test starts.

Every test that starts an HDL tool (in-process, in a child ``veriagent`` process, in a pool
worker, or in a fixture it uses) must be marked ``sim``; a ``sim`` test that starts none is an
error too. Skipped tests are not judged. Mismatches are listed and fail the run.

Under pytest-xdist each worker records its own tests (its own log and current-test file, so two
workers never write each other's test ids); at its end a worker hands what it saw to the
controller (``config.workeroutput``), which merges all workers' findings
(``pytest_testnodedown``), reports them and fails the run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tool_audit

WORKER_KEY = "veriagent_marker_check"


def _function_id(nodeid: str) -> str:
    """The test function of a node id: without parameters and without xdist's ``@group`` suffix."""
    return nodeid.split("[")[0].split("@")[0]


def marker_mismatches(marks: dict[str, bool], started: dict[str, set[str]],
                      fixtures: dict[str, set[str]]) -> list[str]:
    """Lines naming the test functions whose ``sim`` marker disagrees with the tools they started.

    Args:
        marks: test function -> marked sim (the tests that ran).
        started: test function or ``fixture:NAME`` -> tools started while it ran.
        fixtures: test function -> the fixtures it uses.
    """
    out = []
    for key, sim in sorted(marks.items()):
        tools = set(started.get(key, set()))
        for name in fixtures.get(key, ()):
            tools |= started.get(f"fixture:{name}", set())
        if tools and not sim:
            out.append(f"starts {', '.join(sorted(tools))} but is not marked sim: {key}")
        elif sim and not tools:
            out.append(f"marked sim but starts no HDL tool: {key}")
    for key in sorted(k for k in started if k.startswith("(")):
        out.append(f"tools started outside any test {key}: {', '.join(sorted(started[key]))}")
    return out


class MarkerCheck:
    """The plugin (registered by conftest.py when ``--check-markers`` is given)."""

    def __init__(self) -> None:
        d = Path(tempfile.mkdtemp(prefix="veriagent-markers-"))
        self.log, self.current = d / "started.tsv", d / "current.txt"
        # session-wide, before any child process starts: children and pool workers inherit them
        os.environ[tool_audit.LOG_ENV] = str(self.log)
        os.environ[tool_audit.TEST_ENV] = str(self.current)
        here = str(Path(__file__).resolve().parent)
        path = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != here]
        os.environ["PYTHONPATH"] = os.pathsep.join([here, *path])  # (an xdist worker inherits it)
        tool_audit.install()
        self.marks: dict[str, bool] = {}
        self.fixtures: dict[str, set[str]] = {}
        self.item_fixtures: dict[str, list[str]] = {}
        self.from_workers: dict[str, set[str]] = {}  # tools started, as reported by xdist workers

    def _set(self, name: str) -> str:
        before = self.current.read_text() if self.current.is_file() else ""
        self.current.write_text(name)
        return before

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.item_fixtures = {i.nodeid: list(getattr(i, "fixturenames", [])) for i in session.items}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._set(_function_id(item.nodeid))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any) -> Iterator[None]:
        before = self._set(f"fixture:{fixturedef.argname}")  # counts for every test using the fixture
        yield
        self._set(before)

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        self._set("")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and not report.skipped:  # a skipped test proves nothing
            key = _function_id(report.nodeid)
            self.marks[key] = "sim" in report.keywords
            self.fixtures.setdefault(key, set()).update(self.item_fixtures.get(report.nodeid, ()))

    def started(self) -> dict[str, set[str]]:
        out = tool_audit.read_log(str(self.log))
        for key, tools in self.from_workers.items():
            out.setdefault(key, set()).update(tools)
        return out

    def mismatches(self) -> list[str]:
        return marker_mismatches(self.marks, self.started(), self.fixtures)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: merge what a finished worker saw (a crashed worker sends nothing)."""
        seen = getattr(node, "workeroutput", {}).get(WORKER_KEY)
        if not seen:
            return
        self.marks.update(seen["marks"])
        for key, names in seen["fixtures"].items():
            self.fixtures.setdefault(key, set()).update(names)
        for key, tools in seen["started"].items():
            self.from_workers.setdefault(key, set()).update(tools)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        bad = self.mismatches()
        terminalreporter.section("sim markers")
        terminalreporter.write_line(f"{len(self.marks)} test functions checked, {len(bad)} marker mismatch(es)")
        for line in bad:
            terminalreporter.write_line(line)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller judges (see pytest_testnodedown)
            workeroutput[WORKER_KEY] = {
                "marks": self.marks,
                "fixtures": {k: sorted(v) for k, v in self.fixtures.items()},
                "started": {k: sorted(v) for k, v in self.started().items()},
            }
            return
        if exitstatus == 0 and self.mismatches():
            session.exitstatus = 1
