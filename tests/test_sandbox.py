"""The sandbox: what a jailed run can see, write and reach; no orphans; refusal without bubblewrap."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import corpus

from veriagent import sandbox
from veriagent.errors import SandboxMissing
from veriagent.hdl import tools

needs_bwrap = pytest.mark.skipif(sandbox.probe() is not None, reason=f"no sandbox here: {sandbox.probe()}")


def _jailed(tmp_path: Path, script: str) -> sandbox.ProcResult:
    work = tmp_path / "scratch"
    return sandbox.run(["sh", "-c", script], cwd=work if work.exists() else tmp_path, timeout=20,
                       jail=sandbox.Jail(work))


@needs_bwrap
def test_jail_view_is_read_only_and_private(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret\n")
    (tmp_path / "scratch").mkdir()
    res = _jailed(tmp_path, f"""
        id -u; echo HOME=$HOME
        cat /etc/shadow >/dev/null 2>&1 && echo SHADOW-READ
        cat /etc/passwd >/dev/null 2>&1 && echo PASSWD-READ
        cat {secret} >/dev/null 2>&1 && echo SECRET-READ
        touch /usr/x 2>/dev/null && echo USR-WRITTEN
        touch /tmp/x 2>/dev/null && echo TMP-WRITTEN
        ls /proc/self/fd >/dev/null 2>&1 && echo PROC-SEEN
        echo ok > made.txt && echo SCRATCH-WRITTEN""")
    assert res.ok, res.output
    lines = res.stdout.split()
    assert (lines[0] != "0" and int(lines[0]) >= sandbox.NOBODY) or os.geteuid() != 0
    assert f"HOME={tmp_path / 'scratch'}" in lines
    assert "SCRATCH-WRITTEN" in lines and (tmp_path / "scratch" / "made.txt").read_text() == "ok\n"
    for leak in ("SHADOW-READ", "PASSWD-READ", "SECRET-READ", "USR-WRITTEN", "TMP-WRITTEN", "PROC-SEEN"):
        assert leak not in lines
    assert res.sandbox == "bwrap"


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="a fresh uid per run is given only when started by root")
def test_jail_uid_does_not_follow_the_seeded_random_state(tmp_path: Path) -> None:
    """Training seeds the global `random` (sft.train): two processes seeded alike, e.g. two test
    workers, must still give their jails different uids."""
    import random

    uids, state = [], random.getstate()
    try:
        for _ in range(2):
            random.seed(0)
            res = _jailed(tmp_path, "id -u")
            assert res.ok, res.output
            uids.append(int(res.stdout))
    finally:
        random.setstate(state)
    assert uids[0] != uids[1] and all(u >= sandbox.UID_BASE for u in uids)


@needs_bwrap
def test_jail_has_no_network(tmp_path: Path) -> None:
    listener = corpus.Listener()
    try:
        (tmp_path / "scratch").mkdir()
        code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)"
        res = sandbox.run([sys.executable, "-c", code], cwd=tmp_path / "scratch", timeout=20,
                          jail=sandbox.Jail(tmp_path / "scratch"))
    finally:
        listener.close()
    assert res.returncode != 0 and listener.connections == 0


@needs_bwrap
def test_processes_left_in_the_jail_die_with_the_run(tmp_path: Path) -> None:
    mark = corpus.new_mark()
    (tmp_path / "scratch").mkdir()
    res = _jailed(tmp_path, f"setsid sh -c 'sleep {mark}' >/dev/null 2>&1 & echo started")
    assert "started" in res.stdout
    time.sleep(0.3)
    assert corpus.processes_with(f"sleep {mark}") == []


@pytest.mark.parametrize("jailed", [False, pytest.param(True, marks=needs_bwrap)])
def test_kill_9_of_the_parent_leaves_no_orphan(tmp_path: Path, jailed: bool) -> None:
    """Finding: children started in their own session survived SIGKILL of veriagent's process group."""
    mark = corpus.new_mark()
    (tmp_path / "scratch").mkdir()
    jail = f", jail=sandbox.Jail(Path({str(tmp_path / 'scratch')!r}))" if jailed else ""
    code = ("from pathlib import Path; from veriagent import sandbox; "
            f"sandbox.run(['sleep', '{mark}'], cwd={str(tmp_path / 'scratch')!r}, timeout=600{jail})")
    parent = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        for _ in range(100):
            if corpus.processes_with(f"sleep {mark}"):
                break
            time.sleep(0.1)
        assert corpus.processes_with(f"sleep {mark}"), "the child never started"
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()
        for _ in range(50):
            if not corpus.processes_with(f"sleep {mark}"):
                break
            time.sleep(0.1)
        assert corpus.processes_with(f"sleep {mark}") == []
    finally:
        for line in corpus.processes_with(f"sleep {mark}"):
            os.kill(int(line.split(":")[0]), signal.SIGKILL)


def test_missing_sandbox_refuses_untrusted_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "probe", lambda: "bubblewrap (bwrap) is not installed")
    monkeypatch.delenv(sandbox.UNSAFE_ENV, raising=False)
    with pytest.raises(SandboxMissing, match="--unsafe-no-sandbox"):
        sandbox.run(["true"], cwd=tmp_path, timeout=10, jail=sandbox.Jail(tmp_path))
    assert sandbox.run(["true"], cwd=tmp_path, timeout=10).ok  # trusted tools still run
    sandbox.allow_unsafe()
    try:
        res = sandbox.run(["true"], cwd=tmp_path, timeout=10, jail=sandbox.Jail(tmp_path))
    finally:
        sandbox.allow_unsafe(False)
    assert res.ok and res.sandbox == "none (--unsafe-no-sandbox)"


def test_doctor_says_when_the_sandbox_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = tools.locate
    monkeypatch.setattr(tools, "locate", lambda name: None if name == "bwrap" else real(name))
    # no `--version` runs: they are cached per process, so whether this test started the HDL tools
    # would depend on which tests ran before it on the same worker (--check-markers under xdist)
    monkeypatch.setattr(tools, "version", lambda name: None)
    row = next(r for r in tools.doctor() if r.name == "bwrap")
    assert not row.ok and "bubblewrap" in row.note


@needs_bwrap
def test_run_each_one_sandbox_many_commands(tmp_path: Path) -> None:
    work = tmp_path / "scratch"
    res = sandbox.run_each([["sh", "-c", "echo one; id -u"], ["sh", "-c", "echo two >&2; exit 3"], ["sleep", "30"]],
                           cwd=tmp_path, timeout=2, jail=sandbox.Jail(work))
    assert [r.returncode for r in res] == [0, 3, 137]
    assert res[0].stdout.split()[0] == "one" and res[0].stdout.split()[1] != "0"
    assert res[1].stderr.strip() == "two" and not res[1].timed_out
    assert res[2].timed_out and not res[2].ok
    assert list(work.iterdir()) == []  # its bookkeeping files are gone
