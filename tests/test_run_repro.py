"""Runs you can reproduce outside veriagent (issue 15): run_tests.py / Makefile in every run dir,
the unverified mark on -o files, and `veriagent repair` from an existing design."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from veriagent.hdl.check import check_files

pytestmark = pytest.mark.sim

REPO = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).with_name("veriagent")
SPEC = """Implement a module named `and2`: `y` is the AND of `a` and `b`.

Ports:
- `input a` — first input
- `input b` — second input
- `output y` — a AND b
"""
GOOD = "```verilog\nmodule and2(input a, input b, output y);\n  assign y = a & b;\nendmodule\n```"
WRONG_RTL = "module and2(input a, input b, output y);\n  assign y = a | b;\nendmodule\n"
WRONG = f"```verilog\n{WRONG_RTL}```"
TESTS = "```python\ndef model(i):\n    return {'y': i['a'] & i['b']}\n```"
USER_TEST = '''import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def truth_table(dut):
    for a in (0, 1):
        for b in (0, 1):
            dut.a.value = a
            dut.b.value = b
            await Timer(1, unit="ns")
            assert int(dut.y.value) == (a & b), f"a={a} b={b}: y={dut.y.value}"
'''


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd or REPO, timeout=300)


def replies(tmp_path: Path, items: list[str]) -> str:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(items))
    return f"replay:{path}"


def plain_env() -> dict[str, str]:
    """The environment of a user with the venv on PATH, and no veriagent variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIAGENT_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_run_dir_reruns_with_plain_cocotb(tmp_path: Path) -> None:
    spec = tmp_path / "and2.md"
    spec.write_text(SPEC)
    runs = tmp_path / "runs"
    res = run("generate", str(spec), "--model", replies(tmp_path, [TESTS, GOOD]), "--runs-dir", str(runs))
    assert res.returncode == 0, res.stdout + res.stderr
    (run_dir,) = list(runs.iterdir())
    assert {"run_tests.py", "Makefile", "test_design.py", "design.v"} <= {p.name for p in run_dir.iterdir()}
    copy = tmp_path / "elsewhere"  # the run dir stands alone: copy it and rerun there
    shutil.copytree(run_dir, copy, ignore=shutil.ignore_patterns("work"))
    script = (copy / "run_tests.py").read_text()
    assert "veriagent" not in script.split('"""', 2)[2]  # needs cocotb only, not veriagent
    ok = subprocess.run([sys.executable, "run_tests.py"], cwd=copy, env=plain_env(), capture_output=True, text=True,
                        timeout=300)
    assert ok.returncode == 0 and "1 of 1 test(s) passed" in ok.stdout, ok.stdout[-2000:] + ok.stderr[-2000:]
    (copy / "design.v").write_text(WRONG_RTL)  # the rerun really tests the design
    bad = subprocess.run([sys.executable, "run_tests.py"], cwd=copy, env=plain_env(), capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 1 and "Failed 1 of 1 tests" in bad.stderr + bad.stdout
    if shutil.which("make"):
        shutil.rmtree(copy / "sim_build")
        (copy / "design.v").write_text(GOOD.split("\n", 1)[1].rsplit("```", 1)[0])
        mk = subprocess.run(["make"], cwd=copy, env=plain_env(), capture_output=True, text=True, timeout=300)
        assert mk.returncode == 0, mk.stdout[-3000:] + mk.stderr[-3000:]
        assert "FAIL=0" in mk.stdout and "PASS=1" in mk.stdout


def test_unverified_output_file_is_marked(tmp_path: Path) -> None:
    spec = tmp_path / "and2.md"
    spec.write_text(SPEC)
    out_v = tmp_path / "and2.v"
    model = replies(tmp_path, [TESTS, WRONG, "VERDICT: DESIGN\n" + WRONG])
    res = run("generate", str(spec), "-o", str(out_v), "--model", model, "--max-iters", "2",
              "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 1
    text = out_v.read_text()
    assert text.startswith("// veriagent: NOT VERIFIED (budget-exhausted): ")
    assert text.endswith(WRONG_RTL) and "// run: " in text
    assert check_files([out_v]).ok  # still a usable source file
    good_v = tmp_path / "good.v"
    res = run("generate", str(spec), "-o", str(good_v), "--model", replies(tmp_path, [TESTS, GOOD]),
              "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 0 and good_v.read_text().startswith("module and2")


def test_repair_an_existing_design_with_self_tests(tmp_path: Path) -> None:
    spec = tmp_path / "and2.md"
    spec.write_text(SPEC)
    design = tmp_path / "and2.v"
    design.write_text(WRONG_RTL)
    out_v = tmp_path / "fixed.v"
    res = run("repair", str(design), "--spec", str(spec), "-o", str(out_v),
              "--model", replies(tmp_path, [TESTS, "VERDICT: DESIGN\n" + GOOD]), "--runs-dir", str(tmp_path / "runs"),
              "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    result = json.loads(res.stdout)
    assert result["verified"] and "a & b" in out_v.read_text()
    assert design.read_text() == WRONG_RTL  # the user's file is left as it was
    events = [json.loads(ln) for ln in Path(result["trace_path"]).read_text().splitlines()]
    first = next(e for e in events if e["event"] == "candidate")
    assert first["rtl"] == WRONG_RTL  # the loop started from the given design, no draft was asked for
    assert not any(e["event"] == "llm" and e["purpose"] == "draft" for e in events)


def test_repair_with_user_tests(tmp_path: Path) -> None:
    spec = tmp_path / "and2.md"
    spec.write_text(SPEC)
    design = tmp_path / "and2.v"
    design.write_text(WRONG_RTL)
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_and2.py").write_text(USER_TEST)
    res = run("repair", str(design), "--spec", str(spec), "--tests", str(tests), "--model", replies(tmp_path, [GOOD]),
              "--runs-dir", str(tmp_path / "runs"))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "verified" in res.stdout and "tests 1/1 (user)" in res.stdout
    (run_dir,) = list((tmp_path / "runs").iterdir())
    assert "test_and2" in (run_dir / "run_tests.py").read_text()
    res = run("repair", str(tmp_path / "missing.v"), "--spec", str(spec), "--model", "fake:echo-ports")
    assert res.returncode == 2 and res.stderr.strip().splitlines()[-1].startswith("error: ")
