"""`veriagent vscode init`: tasks.json written/merged, and its problem matcher reads real check output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MainRun
from typer.testing import CliRunner

from veriagent.cli import app
from veriagent.vscode import CHECK_LABEL, GENERATE_LABEL, SUITE_LABEL, strip_jsonc

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def _js_to_py(regexp: str) -> re.Pattern[str]:
    """A JavaScript regular expression (as VS Code reads it) compiled with Python's re."""
    return re.compile(regexp.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!"))


def test_init_writes_check_and_generate_tasks_and_no_suite_task_without_a_suite(tmp_path: Path) -> None:
    r = runner.invoke(app, ["vscode", "init", str(tmp_path)])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / ".vscode" / "tasks.json").read_text())
    labels = [t["label"] for t in data["tasks"]]
    assert labels == [CHECK_LABEL, GENERATE_LABEL]  # no suite in this workspace: no suite task
    by = {t["label"]: t for t in data["tasks"]}
    assert by[CHECK_LABEL]["args"] == ["check", "${file}"]
    assert by[GENERATE_LABEL]["args"] == ["generate", "${file}"]
    assert all("problemMatcher" in t for t in data["tasks"])


def test_suite_task_for_each_suite_in_the_workspace(tmp_path: Path) -> None:
    shutil.copytree(DATA / "bench_suite", tmp_path / "suites" / "mine")
    runner.invoke(app, ["vscode", "init", str(tmp_path)])
    data = json.loads((tmp_path / ".vscode" / "tasks.json").read_text())
    suite = data["tasks"][-1]
    assert suite["label"] == f"{SUITE_LABEL} suites/mine"
    assert suite["args"] == ["bench", "${workspaceFolder}/suites/mine", "--candidates", "reference"]
    shutil.rmtree(tmp_path / "suites")  # the suite went away: init again drops its task
    runner.invoke(app, ["vscode", "init", str(tmp_path)])
    labels = [t["label"] for t in json.loads((tmp_path / ".vscode" / "tasks.json").read_text())["tasks"]]
    assert labels == [CHECK_LABEL, GENERATE_LABEL]


def test_merge_keeps_user_tasks_and_tolerates_jsonc(tmp_path: Path) -> None:
    vs = tmp_path / ".vscode"
    vs.mkdir()
    (vs / "tasks.json").write_text("""{
  // user's own tasks
  "version": "2.0.0",
  "tasks": [
    {"label": "make sim", "type": "shell", "command": "make sim", /* keep me */ },
    {"label": "veriagent: check current file", "type": "shell", "command": "old"},
  ],
}
""")
    r = runner.invoke(app, ["vscode", "init", str(tmp_path)])
    assert r.exit_code == 0, r.output
    data = json.loads((vs / "tasks.json").read_text())
    labels = [t["label"] for t in data["tasks"]]
    assert labels == ["make sim", CHECK_LABEL, GENERATE_LABEL]
    assert data["tasks"][1]["command"] == "veriagent"  # ours replaced the stale one
    assert (vs / "tasks.json.bak").read_text().startswith("{\n  // user's own tasks")
    # running it twice changes nothing
    runner.invoke(app, ["vscode", "init", str(tmp_path)])
    assert json.loads((vs / "tasks.json").read_text()) == data


def test_broken_tasks_json_is_a_clear_error(tmp_path: Path, run_main: Callable[..., MainRun]) -> None:
    vs = tmp_path / ".vscode"
    vs.mkdir()
    broken = '{"tasks": [ {"label": "x" '
    (vs / "tasks.json").write_text(broken)
    r = run_main("vscode", "init", str(tmp_path))
    assert r.code == 2, r
    assert len(r.error_lines) == 1, r.stderr
    assert r.error_lines[0].startswith("error: ") and "not valid JSON/JSONC" in r.error_lines[0], r.stderr
    assert (vs / "tasks.json").read_text() == broken  # the user's file is left as it was


def test_strip_jsonc_keeps_strings() -> None:
    text = '{"a": "http://x/*y*/", // c\n "b": [1, 2,],}'
    assert json.loads(strip_jsonc(text)) == {"a": "http://x/*y*/", "b": [1, 2]}


@pytest.mark.sim
def test_problem_matcher_reads_real_check_output(tmp_path: Path) -> None:
    runner.invoke(app, ["vscode", "init", str(tmp_path)])
    task = json.loads((tmp_path / ".vscode" / "tasks.json").read_text())["tasks"][0]
    pattern = task["problemMatcher"]["pattern"]
    rx = _js_to_py(pattern["regexp"])
    cases = {
        "syn_missing_semi_nba.v": (5, 11, "error"),
        "width_trunc_assign.v": (4, 12, "warning"),
        "multi_two_always.v": (5, 25, "error"),
        "sens_mux_select.v": (4, 11, "warning"),
    }
    for name, (line, col, sev) in cases.items():
        path = DATA / "buggy" / name
        out = runner.invoke(app, ["check", str(path)]).stdout
        first = out.splitlines()[0]
        m = rx.match(first)
        assert m, first
        assert m.group(pattern["file"]) == str(path)
        assert int(m.group(pattern["line"])) == line
        assert int(m.group(pattern["column"])) == col
        assert m.group(pattern["severity"]) == sev
        assert m.group(pattern["message"]) and "[" in m.group(pattern["message"])


def _run(*args: str, cwd: Path) -> str:
    exe = str(Path(sys.executable).with_name("veriagent"))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    return proc.stdout + proc.stderr


@pytest.mark.sim
def test_matcher_matches_only_real_findings_in_the_output_of_every_command(tmp_path: Path) -> None:
    """The regex over real output of each command: only lines that are findings match (was: the
    `generate` verdict line became a phantom file "verified `counter`: compiles, ...")."""
    from veriagent.vscode import MATCHER_REGEXP

    rx = _js_to_py(MATCHER_REGEXP)
    spec = tmp_path / "and2.md"
    spec.write_text("Implement a module named `and2`: `y` is a AND b.\n\nPorts:\n- `input a`\n- `input b`\n"
                    "- `output y`\n")
    warn = ("```verilog\nmodule and2(input a, input b, output y);\n  wire [1:0] t;\n  assign t = a;\n"
            "  assign y = a & b & t[0];\nendmodule\n```")
    replies = tmp_path / "r.json"
    replies.write_text(json.dumps(["```python\ndef model(i):\n    return {'y': i['a'] & i['b']}\n```", warn]))
    runs = tmp_path / "runs"
    outputs = {
        "check": _run("check", str(DATA / "buggy" / "width_trunc_assign.v"), str(DATA / "buggy" / "multi_two_always.v"),
                      cwd=tmp_path),
        "generate": _run("generate", str(spec), "--model", f"replay:{replies}", "--runs-dir", str(runs), cwd=tmp_path),
        "doctor": _run("doctor", cwd=tmp_path),
        "models list": _run("models", "list", cwd=tmp_path),
        "bench": _run("bench", str(DATA / "bench_suite"), "--candidates", "reference", "--out", str(tmp_path / "b"),
                      cwd=tmp_path),
        "vscode init": _run("vscode", "init", str(tmp_path), cwd=tmp_path),
    }
    run_dir = next(runs.iterdir())
    outputs["replay"] = _run("replay", str(run_dir), cwd=tmp_path)
    assert "lints without errors (1 warning(s); first: design.v:" in outputs["generate"]  # the old phantom
    real: set[str] = set()
    check_json = json.loads(_run("check", "--json", str(DATA / "buggy" / "width_trunc_assign.v"),
                                 str(DATA / "buggy" / "multi_two_always.v"), cwd=tmp_path).split("\nok:")[0]
                            .split("\nfailed:")[0])
    from veriagent.hdl.diagnostics import Diagnostic

    real |= {Diagnostic(**{k: v for k, v in d.items()}).gcc_format() for d in check_json["diagnostics"]}
    report = json.loads((run_dir / "report.json").read_text())
    real |= set(report["diagnostics"])  # generate prints the final design's findings in the same format
    matched = {cmd: [ln for ln in out.splitlines() if rx.match(ln)] for cmd, out in outputs.items()}
    assert matched["check"] and matched["generate"], matched
    for cmd, lines in matched.items():
        for ln in lines:
            assert ln in real, (cmd, ln)
