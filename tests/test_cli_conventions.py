"""CLI conventions of issue 15: --version, --quiet, completion, --json, config discovery and unknown
keys, --config on every command, unwrapped piped output, help texts that render, progress lines."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import veriagent
from veriagent.agent.render import ProgressLine
from veriagent.cli import app

REPO = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).with_name("veriagent")
SUITE = REPO / "tests" / "data" / "bench_suite"
runner = CliRunner()
WIDTH = """module width(input [7:0] a, output [3:0] y);
  assign y = a;
endmodule
"""


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    full.update(env or {})
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd or REPO, env=full,
                          input=stdin, timeout=300)


def _commands(cmd: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = [(path, cmd)]
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        out += _commands(sub, (*path, name))
    return out


ALL = _commands(typer.main.get_command(app))


def test_version() -> None:
    r = cli("--version")
    assert r.returncode == 0 and r.stdout == f"veriagent {veriagent.__version__}\n"


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=lambda p: " ".join(p) or "root")
def test_every_help_renders_its_text(path: tuple[str, ...]) -> None:
    cmd = dict(ALL)[path]
    r = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "Usage:" in text
    helps = [cmd.help or ""] + [getattr(p, "help", None) or "" for p in cmd.params]
    for h in helps:
        # every [bracketed] word of a help text survives rendering (rich markup ate `[train]`)
        for token in re.findall(r"\\?\[([A-Za-z_.]+)\]", h):
            assert f"[{token}]" in text, (path, token)
    if not hasattr(cmd, "commands"):  # every command takes --config and --quiet
        assert "--config" in text and "--quiet" in text, path


@pytest.mark.sim
def test_verbose_is_a_count_flag() -> None:
    r = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    line = next(ln for ln in r.output.splitlines() if "--verbose" in ln)
    assert "<int>" not in line and "repeat" in line
    proc = cli("-vv", "check", "-", stdin=WIDTH)
    assert proc.returncode == 0 and "DEBUG" in proc.stderr  # -vv: debug logging


def test_shell_completion_script() -> None:
    # typer finds the shell among the parent processes (shellingham), as when a user types it, so
    # run it from bash (`; exit` keeps bash from exec-ing it): under `make` with no shell above, the
    # detection finds none.
    r = subprocess.run(["bash", "-c", f'"{EXE}" --show-completion; exit $?'], capture_output=True, text=True,
                       cwd=REPO, timeout=300)
    assert r.returncode == 0 and "_VERIAGENT_COMPLETE" in r.stdout, r.stderr


# --- config --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("toml", "needle"), [
    ("[agnet]\nmax_iters = 3\n", "unknown section `agnet` (did you mean `agent`?)"),
    ("[agent]\nmax_iter = 3\n", "unknown key `agent.max_iter` (did you mean `max_iters`?)"),
    ("modle = 'x'\n", "unknown key `modle` (did you mean `model`?)"),
])
def test_unknown_config_key_is_an_error_naming_the_nearest(tmp_path: Path, toml: str, needle: str) -> None:
    cfg = tmp_path / "veriagent.toml"
    cfg.write_text(toml)
    for args in (["models", "list", "--config", str(cfg)], ["--config", str(cfg), "models", "list"]):
        r = cli(*args)
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [f"error: {cfg}: {needle}"]
    r = cli("check", "-", cwd=tmp_path, env={"VERIAGENT_CONFIG": ""}, stdin=WIDTH)  # discovered in ./
    assert r.returncode == 2 and needle in r.stderr


@pytest.mark.sim
def test_config_discovery_cwd_then_user_dir(tmp_path: Path) -> None:
    user = tmp_path / "xdg"
    (user / "veriagent").mkdir(parents=True)
    (user / "veriagent" / "veriagent.toml").write_text('[check.waive]\nWIDTHTRUNC = ["*"]\n')
    work = tmp_path / "work"
    work.mkdir()
    env = {"VERIAGENT_CONFIG": "", "XDG_CONFIG_HOME": str(user)}
    r = cli("check", "-", cwd=work, env=env, stdin=WIDTH)
    assert r.stdout == "" and "1 waived" in r.stderr  # the user config dir's table applies
    (work / "veriagent.toml").write_text("[check.waive]\n")
    r = cli("check", "-", cwd=work, env=env, stdin=WIDTH)
    assert "WIDTHTRUNC" in r.stdout and "waived" not in r.stderr  # ./veriagent.toml comes first


# --- --json and output ----------------------------------------------------------------------------------
@pytest.mark.sim
def test_doctor_and_models_list_json(tmp_path: Path) -> None:
    r = cli("doctor", "--json")
    rows = json.loads(r.stdout)
    assert {"iverilog", "verilator", "pyslang"} <= {row["name"] for row in rows}
    assert all({"path", "version", "ok"} <= set(row) for row in rows)
    r = cli("models", "list", "--json")
    models = json.loads(r.stdout)
    assert any(m["default"] for m in models) and all(isinstance(m["size"], int) for m in models)


def test_piped_output_is_not_wrapped_or_cut(tmp_path: Path) -> None:
    cache = tmp_path / ("a-rather-long-directory-name-" * 4) / "cache"
    r = cli("models", "list", env={"VERIAGENT_CACHE_DIR": str(cache)})
    assert "…" not in r.stdout
    assert str(cache / "models") in r.stdout  # the whole path on one line


@pytest.mark.sim
def test_generate_progress_lines_quiet_and_replay_json(tmp_path: Path) -> None:
    spec = REPO / "examples" / "specs" / "counter.md"
    runs = tmp_path / "runs"
    r = cli("generate", str(spec), "--model", "fake:echo-ports", "--runs-dir", str(runs))
    lines = r.stderr.splitlines()
    events = [ln.split()[1] for ln in lines if re.match(r"^\s*\d+\.\d+s\s+\w+", ln)]
    assert events[0] == "start" and events[-1] == "result" and "llm" in events and "check" in events
    assert any("tokens so far" in ln for ln in lines)
    run_dir = next(runs.iterdir())
    replayed = cli("replay", str(run_dir)).stdout.splitlines()
    # generate's progress lines and replay's rendering are the same lines (times aside)
    strip = [re.sub(r"^\s*\d+\.\d+s", "", ln) for ln in lines if re.match(r"^\s*\d+\.\d+s", ln)]
    assert strip == [re.sub(r"^\s*\d+\.\d+s", "", ln) for ln in replayed]
    quiet = cli("generate", str(spec), "--model", "fake:echo-ports", "--runs-dir", str(runs), "--quiet")
    assert quiet.stderr == "" and "not verified" in quiet.stdout
    events_json = json.loads(cli("replay", str(run_dir), "--json").stdout)
    assert events_json[0]["event"] == "start" and events_json[-1]["event"] == "result"


def test_replay_counts_warnings_as_warnings() -> None:
    diags = [{"severity": "warning"}] * 18 + [{"severity": "info"}]
    line = ProgressLine()({"event": "check", "time": 0, "ok": True, "diagnostics": diags})
    assert "0 error(s), 18 warning(s), 1 note(s)" in line and "other" not in line


@pytest.mark.sim
def test_bench_piped_lines_short_summary_and_json(tmp_path: Path) -> None:
    cands = tmp_path / "cands" / "and_or"
    cands.mkdir(parents=True)
    (cands / "0.v").write_text("module top_module(input [1:0] a, input [1:0] b, output [1:0] y, output [1:0] z);\n"
                               "  assign y = a | b;\n  assign z = a | b;\nendmodule\n")
    r = cli("bench", str(SUITE), "--candidates", str(tmp_path / "cands"), "--filter", "^and_or$",
            "--out", str(tmp_path / "out"))
    assert re.search(r"^\[1/1\] and_or/0 equivalence: FAIL functional-mismatch: .+\(\d+\.\d s\)$", r.stderr, re.M), r.stderr
    assert "short summary: 1 failed" in r.stdout
    assert re.search(r"^  FAIL and_or/0 equivalence functional-mismatch: \S", r.stdout, re.M)
    q = cli("bench", str(SUITE), "--candidates", str(tmp_path / "cands"), "--filter", "^and_or$",
            "--out", str(tmp_path / "out2"), "--quiet", "--json")
    data = json.loads(q.stdout)
    assert "[1/1]" not in q.stderr and data["failures"][0].startswith("and_or/0 equivalence functional-mismatch: ")
    assert data["metrics"]["equivalence"]["units"] == 1


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a pseudo-terminal")
@pytest.mark.sim
def test_numbers_and_model_names_are_not_coloured_on_a_terminal(tmp_path: Path) -> None:
    spec = REPO / "examples" / "specs" / "counter.md"
    cmd = f"{EXE} generate {spec} --model fake:echo-ports --runs-dir {tmp_path / 'runs'}"
    out = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, timeout=300).stdout
    line = next(ln for ln in out.splitlines() if "iterations" in ln)
    assert "\x1b" not in line, repr(line)  # was: rich's highlighter coloured every number


def test_vscode_init_and_models_pull_json(tmp_path: Path, real_cache_dir: Path) -> None:
    data = json.loads(cli("vscode", "init", str(tmp_path), "--json").stdout)
    assert data["path"] == str(tmp_path / ".vscode" / "tasks.json") and len(data["tasks"]) == 2
    if not (real_cache_dir / "models" / "smollm2-135m.gguf").is_file():
        pytest.skip("smollm2-135m not pulled in the user cache")
    r = cli("models", "pull", "smollm2-135m", "--json", env={"VERIAGENT_CACHE_DIR": str(real_cache_dir)})
    got = json.loads(r.stdout)
    assert got["already"] is True and got["size"] > 0 and len(got["sha256"]) == 64
