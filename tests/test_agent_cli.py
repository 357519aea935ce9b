"""`veriagent generate` and `veriagent replay` as a user runs them: exit codes, output, files, bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "veriagent"
SPEC = """Implement a module named `and2`: `y` is the AND of `a` and `b`.

Ports:
- `input a` — first input
- `input b` — second input
- `output y` — a AND b
"""
GOOD = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n```"
WRONG = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a | b;\nendmodule\n```"
TESTS = "```python\ndef model(i):\n    return {'y': i['a'] & i['b']}\n```"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, input=stdin, env=env,
                          cwd=cwd or REPO, timeout=300)


def replies(tmp_path: Path, items: list[str]) -> str:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(items))
    return f"replay:{path}"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    p = tmp_path / "and2.md"
    p.write_text(SPEC)
    return p


@pytest.mark.sim
def test_generate_verified_then_replay(tmp_path: Path, spec: Path) -> None:
    out_v = tmp_path / "out" / "and2.v"
    runs = tmp_path / "runs"
    res = run("generate", str(spec), "-o", str(out_v), "--model", replies(tmp_path, [TESTS, WRONG, "VERDICT: DESIGN\n" + GOOD]),
              "--runs-dir", str(runs))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "verified" in res.stdout and "trace.jsonl" in res.stdout and str(out_v) in res.stdout
    assert "a & b" in out_v.read_text()
    (run_dir,) = list(runs.iterdir())
    assert {"design.v", "test_design.py", "report.json", "trace.jsonl"} <= {p.name for p in run_dir.iterdir()}
    shown = run("replay", str(run_dir))
    assert shown.returncode == 0
    for word in ("start", "llm", "write-tests", "check", "tests", "FAIL", "judge", "result", "verified"):
        assert word in shown.stdout
    again = run("replay", str(run_dir), "--rerun", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "verified" in again.stdout


@pytest.mark.sim
def test_generate_budget_exhausted_exit_1_and_json(tmp_path: Path, spec: Path) -> None:
    model = replies(tmp_path, [TESTS, WRONG, "VERDICT: DESIGN\n" + WRONG, "VERDICT: DESIGN\n" + WRONG])
    res = run("generate", str(spec), "--model", model, "--max-iters", "2", "--json", "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 1, res.stderr
    result = json.loads(res.stdout)
    assert result["status"] == "budget-exhausted" and result["verified"] is False
    assert result["iterations"] == 2 and "a | b" in result["rtl"]
    assert Path(result["rtl_path"]).read_text() == result["rtl"]
    assert result["tests_passed"] < result["tests_total"]


@pytest.mark.sim
def test_generate_compile_errors_in_gcc_format(tmp_path: Path, spec: Path) -> None:
    broken = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & c;\nendmodule\n```"
    res = run("generate", str(spec), "--model", replies(tmp_path, [broken]), "--single-shot",
              "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 1
    line = next(ln for ln in res.stdout.splitlines() if ": error: " in ln)
    assert line.split(":")[0].endswith("design.v") and ":2:" in line and "[" in line  # path:line:col: error: msg [tool]


@pytest.mark.sim
def test_generate_spec_from_stdin(tmp_path: Path) -> None:
    res = run("generate", "-", "--model", replies(tmp_path, [TESTS, GOOD]), "--runs-dir", str(tmp_path / "r1"),
              stdin=SPEC)
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(next((tmp_path / "r1").glob("*/report.json")).read_text())["status"] == "verified"
    # single-shot runs no tests: the same clean design is "untested", exit 1 (not verified)
    res = run("generate", "-", "--model", replies(tmp_path, [GOOD]), "--single-shot", "--runs-dir", str(tmp_path / "r2"),
              stdin=SPEC)
    assert res.returncode == 1, res.stdout + res.stderr
    report = json.loads(next((tmp_path / "r2").glob("*/report.json")).read_text())
    assert report["status"] == "untested" and not report["verified"] and report["rtl"].count("a & b") == 1


def test_bad_inputs_exit_2(tmp_path: Path, spec: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("\n \n")
    binary = tmp_path / "spec.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00")
    cases = [
        (["generate", str(empty)], "spec is empty"),
        (["generate", str(binary)], "binary"),
        (["generate", str(tmp_path / "missing.md")], "not found"),
        (["generate", str(spec), "--model", "nosuch:thing"], "unknown model scheme"),
        (["generate", str(spec), "--model", "local:no-such-model-xyz"], "no-such-model-xyz"),
        (["generate", str(spec), "--tests", str(tmp_path)], "test_*.py"),
        (["replay", str(tmp_path)], "no trace.jsonl"),
    ]
    for args, message in cases:
        res = run(*args, "--runs-dir", str(tmp_path / "runs")) if args[0] == "generate" else run(*args)
        assert res.returncode == 2, (args, res.stdout, res.stderr)
        *progress, last = res.stderr.strip().splitlines()
        # progress lines of the run (if it started) come first; the error is the one last line
        assert all(re.match(r"^\s*\d+\.\d+s  \w+", ln) for ln in progress), (args, res.stderr)
        assert last.startswith("error:") and message in last, (args, res.stderr)
        assert "Traceback" not in res.stderr
    # a model that cannot be used still leaves a trace saying why
    traces = list((tmp_path / "runs").glob("*/trace.jsonl"))
    assert traces and any('"status": "error"' in t.read_text() for t in traces)


def test_no_interface_and_no_code_replies(tmp_path: Path) -> None:
    vague = tmp_path / "vague.md"
    vague.write_text("Make an LED blink nicely.\n")
    res = run("generate", str(vague), "--model", "fake:empty", "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 2 and "names no interface" in res.stderr and "trace" in res.stderr
    spec = tmp_path / "and2.md"
    spec.write_text(SPEC)
    res = run("generate", str(spec), "--model", "fake:empty", "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 1 and "no usable code" in res.stdout


def test_unreachable_server_exit_2_with_trace(tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIAGENT_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens on the discard port
    monkeypatch.setenv("VERIAGENT_API_KEY", "test-key")
    res = run("generate", str(spec), "--model", "openai:gpt-4o-mini", "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 2 and res.stderr.strip().splitlines()[-1].startswith("error:") and "reach" in res.stderr
    (trace,) = list((tmp_path / "runs").glob("*/trace.jsonl"))
    assert '"status": "error"' in trace.read_text()
