"""The suite's own plumbing under pytest-xdist (``make test`` runs ``-n auto --dist loadgroup``):

- ``pytest --check-markers`` (tests/tool_audit/marker_check.py) fails a run whose ``sim`` markers
  disagree with the HDL tools the tests start: sequentially and on several workers, where the
  workers' findings are merged in the controller;
- the work units (tests/xdist_groups.py): tests sharing a module fixture on one worker (built
  once), ``slow`` tests on one worker, the rest spread.

Each case runs a small test project in a child pytest with this suite's conftest.py, groups and
tool audit; its ``iverilog`` is a stand-in script on PATH (the audit judges by the program's name)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

PROJECT = '''
import subprocess

import pytest


def _iverilog():
    subprocess.run(["iverilog", "-V"], check=True)


@pytest.fixture(scope="module")
def compiled():
    _iverilog()
    return 1


@pytest.mark.sim
def test_marked_and_starts():
    _iverilog()


@pytest.mark.sim
@pytest.mark.parametrize("n", range(6))
def test_marked_param(n):
    _iverilog()


@pytest.mark.sim
def test_uses_compiled(compiled):
    assert compiled == 1


def test_plain():
    pass
'''

BAD = '''

def test_unmarked_starts():
    _iverilog()


@pytest.mark.sim
def test_marked_starts_none():
    pass
'''

WORKERS = {
    "sequential without xdist": ["-p", "no:xdist"],
    "xdist -n 0": ["-n", "0"],
    "xdist -n 2 load": ["-n", "2"],
    "xdist -n 2 loadgroup (make test)": ["-n", "2", "--dist", "loadgroup"],
}


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name in ("conftest.py", "xdist_groups.py"):
        shutil.copy(TESTS / name, pytester.path / name)
    shutil.copytree(TESTS / "tool_audit", pytester.path / "tool_audit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    pytester.makeini("[pytest]\nmarkers =\n    sim: x\n    slow: y\n")
    bindir = pytester.mkdir("bin")
    fake = bindir / "iverilog"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    return pytester


@pytest.mark.parametrize("workers", WORKERS.values(), ids=WORKERS.keys())
def test_a_mismatch_fails_the_run(project: pytest.Pytester, workers: list[str]) -> None:
    project.makepyfile(test_x=PROJECT + BAD)
    res = project.runpytest_subprocess("--check-markers", *workers, timeout=300)
    out = res.stdout.str()
    res.assert_outcomes(passed=11)  # every test passes: only the check fails the run
    assert res.ret == 1, out
    assert "6 test functions checked, 2 marker mismatch(es)" in out
    assert "starts iverilog but is not marked sim: test_x.py::test_unmarked_starts\n" in out
    assert "marked sim but starts no HDL tool: test_x.py::test_marked_starts_none\n" in out


@pytest.mark.parametrize("workers", WORKERS.values(), ids=WORKERS.keys())
def test_agreeing_markers_pass(project: pytest.Pytester, workers: list[str]) -> None:
    """The same project without the two wrong tests: the tools started on every worker (the
    module fixture's included) are attributed to the right tests."""
    project.makepyfile(test_x=PROJECT)
    res = project.runpytest_subprocess("--check-markers", *workers, timeout=300)
    out = res.stdout.str()
    res.assert_outcomes(passed=9)
    assert res.ret == 0, out
    assert "4 test functions checked, 0 marker mismatch(es)" in out


def test_xdist_really_ran_on_two_workers(project: pytest.Pytester) -> None:
    """The parallel cases above are parallel: the tests ran on both workers."""
    project.makepyfile(test_x=PROJECT + BAD)
    res = project.runpytest_subprocess("--check-markers", "-n", "2", "-v", timeout=300)
    out = res.stdout.str()
    assert "[gw0]" in out and "[gw1]" in out, out


GROUPS = """
import os
from pathlib import Path

import pytest

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="module")
def shared():
    (Path(os.environ["SETUPS"]) / f"{WORKER}-{os.getpid()}").touch()
    return WORKER


@pytest.mark.parametrize("i", range(4))
def test_shared(shared, i):
    assert shared == WORKER


@pytest.mark.slow
@pytest.mark.parametrize("i", range(3))
def test_slow(i):
    pass


@pytest.mark.parametrize("i", range(8))
def test_free(i):
    pass
"""


def test_loadgroup_keeps_shared_fixtures_and_slow_tests_on_one_worker(
        project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    setups = project.mkdir("setups")
    monkeypatch.setenv("SETUPS", str(setups))
    project.makepyfile(test_g=GROUPS)
    res = project.runpytest_subprocess("-n", "2", "--dist", "loadgroup", "-v", timeout=300)
    out = res.stdout.str()
    res.assert_outcomes(passed=15)
    ran = re.findall(r"\[(gw\d)\] .*PASSED test_g.py::(test_\w+)\[", out)
    workers = {name: {w for w, n in ran if n == name} for name in ("test_shared", "test_slow", "test_free")}
    assert len(ran) == 15, out
    assert len(workers["test_shared"]) == 1 and len(workers["test_slow"]) == 1, workers
    assert workers["test_free"] == {"gw0", "gw1"}, workers  # the rest is spread
    assert len(list(setups.iterdir())) == 1  # the module fixture was built once
