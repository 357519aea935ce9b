"""Inputs that used to end in a traceback: each is now one line on stderr and exit code 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SUITE = Path(__file__).parent / "hostile" / "suite"
CLI = [sys.executable, "-c", "from veriagent.cli import main; main()"]
DEPTH = 2000


def _cli(*args: str, wrap: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VERIAGENT_RAISE_ERRORS"}
    return subprocess.run([*(wrap or []), *CLI, *args], capture_output=True, text=True, env=env, timeout=300)


def _one_line_error(res: subprocess.CompletedProcess[str], *words: str) -> None:
    assert res.returncode == 2, res.stderr[-2000:]
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, res.stderr[-2000:]
    for w in words:
        assert w in errors[0], errors[0]


@pytest.mark.sim
@pytest.mark.parametrize("kind,line", [
    ("if", 1024),  # `if (a)` on its own line, 2,000 deep: the parser gives up inside line 1024
    ("begin", 2),
    ("parens", 2),
])
def test_check_on_deep_nesting(tmp_path: Path, kind: str, line: int) -> None:
    body = {
        "if": "always @* begin\n" + "if (a)\n" * DEPTH + "y = 1;\nend\n",
        "begin": "initial " + "begin " * DEPTH + "y = 1;" + " end" * DEPTH + "\n",
        "parens": "always @* y = " + "(" * DEPTH + "a" + ")" * DEPTH + ";\n",
    }[kind]
    src = tmp_path / f"deep_{kind}.v"
    src.write_text("module m(input a, output reg y);\n" + body + "endmodule\n")
    _one_line_error(_cli("check", str(src)), f"deep_{kind}.v", f"nesting too deep for the parser (line {line})")


def test_bench_out_is_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "results"
    out.write_text("not a directory\n")
    _one_line_error(_cli("bench", str(SUITE), "--candidates", "reference", "--out", str(out), "--no-progress"),
                    "exists and is not a directory")
    assert out.read_text() == "not a directory\n"


def _unshare() -> list[str]:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) for a private mount")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a mount namespace here")
    return ["unshare", "-m", "sh", "-c"]


CHECK_RECORDS = ("import json, sys, pathlib; p = pathlib.Path(sys.argv[1]); d = p.read_bytes() if p.exists() else b''; "
                 "ok = d.endswith(b'\\n') or not d; [json.loads(x) for x in d.splitlines()]; "
                 "print('RECORDS-WHOLE' if ok else 'RECORDS-TORN', len(d.splitlines()))")


def _in_mount(mount: str, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with a fresh tmpfs (``mount`` options) at ``target``, in a private mount namespace;
    then print whether ``target/run/results.jsonl`` holds whole records only."""
    target.mkdir(parents=True, exist_ok=True)
    line = " ".join(f"'{a}'" for a in [*CLI, *args])
    check = f"'{sys.executable}' -c \"{CHECK_RECORDS}\" '{target / 'run' / 'results.jsonl'}'"
    script = f"mount -t tmpfs -o {mount} none '{target}' && {{ {line}; rc=$?; {check}; exit $rc; }}"
    env = {k: v for k, v in os.environ.items() if k != "VERIAGENT_RAISE_ERRORS"}
    return subprocess.run([*_unshare(), script], capture_output=True, text=True, env=env, timeout=300)


def test_bench_out_on_a_read_only_file_system(tmp_path: Path) -> None:
    mnt = tmp_path / "ro"
    res = _in_mount("size=1m,ro", mnt, "bench", str(SUITE), "--candidates", "reference",
                    "--out", str(mnt / "run"), "--no-progress")
    _one_line_error(res, "read-only file system")


@pytest.mark.sim
def test_bench_out_on_a_full_disk_leaves_no_half_record(tmp_path: Path) -> None:
    mnt = tmp_path / "full"
    script_out = mnt / "run"
    res = _in_mount("size=24k", mnt, "bench", str(SUITE), "--candidates", "reference",
                    "--out", str(script_out), "--no-progress")
    _one_line_error(res, "no space left on device", "rerun")
    assert "RECORDS-WHOLE" in res.stdout, res.stdout
