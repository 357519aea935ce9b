"""`veriagent vscode init`: tasks.json written/merged, and its problem matcher reads real check output."""

from __future__ import annotations

import json
import re
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


def test_init_writes_three_tasks(tmp_path: Path) -> None:
    r = runner.invoke(app, ["vscode", "init", str(tmp_path)])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / ".vscode" / "tasks.json").read_text())
    labels = [t["label"] for t in data["tasks"]]
    assert labels == [CHECK_LABEL, GENERATE_LABEL, SUITE_LABEL]
    by = {t["label"]: t for t in data["tasks"]}
    assert by[CHECK_LABEL]["args"] == ["check", "${file}"]
    assert by[GENERATE_LABEL]["args"] == ["generate", "${file}"]
    assert by[SUITE_LABEL]["args"] == ["bench", "${workspaceFolder}/datasets/hdlbits-style",
                                       "--candidates", "reference"]
    assert all("problemMatcher" in t for t in data["tasks"])


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
    assert labels == ["make sim", CHECK_LABEL, GENERATE_LABEL, SUITE_LABEL]
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
