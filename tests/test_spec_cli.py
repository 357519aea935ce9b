"""`veriagent spec`, `generate --dry-run` and `--interface` as a user runs them (real CLI, real exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "veriagent"
SECTIONS = """Module name:
    adder8

Input ports:
    a [7:0]: first operand
    b (8 bits): second operand
Output ports:
    s [8:0]: the sum

For example a = 8'd200, b = 8'd100 -> s = 9'd300.
"""
PARENS = """Implement the module `clipper`. Ports are one bit unless otherwise specified.

- input  clk
- input  x   (8 bits)
- output y   (4 bits)
"""
CONFLICT = """Implement a module named `pick`.

- input [3:0] a
- output y

| Name | Direction | Width |
|------|-----------|-------|
| a    | input     | 8     |
| y    | output    | 1     |
"""


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, input=stdin, env=env,
                          cwd=cwd or REPO, timeout=120)


def test_spec_prints_interface_and_examples() -> None:
    r = run("spec", "-", stdin=SECTIONS)
    assert r.returncode == 0, r.stderr
    assert "interface `adder8` (from the spec's port sections)" in r.stdout
    assert "input [7:0] a" in r.stdout and "input [7:0] b" in r.stdout and "output [8:0] s" in r.stdout
    assert "examples: 1 from the spec (line 10)" in r.stdout


def test_spec_json_and_width_after_the_name() -> None:
    r = run("spec", "-", "--json", stdin=PARENS)
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    ports = [(p["name"], p["direction"], p["width"]) for p in plan["interface"]["ports"]]
    assert ports == [("clk", "input", 1), ("x", "input", 8), ("y", "output", 4)]
    assert plan["interface"]["source"] == "list" and plan["interface"]["clock"] == "clk"


def test_generate_dry_run_is_the_same_and_calls_no_model(tmp_path: Path) -> None:
    spec = tmp_path / "s.md"
    spec.write_text(PARENS)
    r = run("generate", str(spec), "--dry-run", "--model", "nosuch:model", "--runs-dir", str(tmp_path / "runs"))
    assert r.returncode == 0, r.stderr
    assert "output [3:0] y" in r.stdout and not (tmp_path / "runs").exists()


def test_spec_without_interface_exits_1() -> None:
    r = run("spec", "-", stdin="Make an LED blink nicely.\n")
    assert r.returncode == 1 and "the model will propose one" in r.stdout


def test_conflicting_spec_is_one_line_exit_2_before_any_model(tmp_path: Path) -> None:
    spec = tmp_path / "s.md"
    spec.write_text(CONFLICT)
    for args in (["spec", str(spec)], ["generate", str(spec), "--model", "fake:echo-ports",
                                       "--runs-dir", str(tmp_path / "runs")]):
        r = run(*args)
        assert r.returncode == 2, r.stdout
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: the interface contradicts the spec: port `a`")
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "runs").exists()


@pytest.mark.sim
def test_generate_prints_the_interface_first_and_honours_interface_file(tmp_path: Path) -> None:
    spec = tmp_path / "s.md"
    spec.write_text("Implement a module: `y` is the AND of `a` and `b`.\n")
    header = tmp_path / "ifc.v"
    header.write_text("module and2(input a, input b, output y);\n")
    reply = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n```"
    replies = tmp_path / "r.json"
    replies.write_text(json.dumps([reply]))
    r = run("generate", str(spec), "--interface", str(header), "--model", f"replay:{replies}", "--single-shot",
            "--runs-dir", str(tmp_path / "runs"))
    assert r.returncode == 0, r.stdout + r.stderr
    first = r.stdout.splitlines()[0]
    assert first == "interface `and2` (from the --interface file):"
    report = json.loads(next((tmp_path / "runs").glob("*/report.json")).read_text())
    assert report["interface_source"] == "given" and report["top"] == "and2"


def test_bad_interface_file_is_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "s.md"
    spec.write_text(PARENS)
    bad = tmp_path / "x.v"
    bad.write_text("this is not verilog\n")
    for path in (bad, tmp_path / "missing.v"):
        r = run("spec", str(spec), "--interface", str(path))
        assert r.returncode == 2 and r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1
