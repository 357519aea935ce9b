"""The built-in suite's references are clean, and scripts/check_suite_refs.py catches defects."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "datasets" / "hdlbits-style"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_suite_refs", REPO / "scripts" / "check_suite_refs.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["check_suite_refs"] = mod  # dataclasses look their module up here
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.sim
def test_builtin_suite_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    chk = _checker()
    rc = chk.main([str(SUITE), "-q"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "0 with findings" in out


def test_spec_port_bullets_parse() -> None:
    chk = _checker()
    ports = chk.spec_ports(
        "- `input [7:0] a` — x\n- `output reg q` — y\n* `input signed [3:0] s` - z\nprose\n"
    )
    assert [(p.name, p.direction, p.width) for p in ports] == [
        ("a", "input", 8),
        ("q", "output", 1),
        ("s", "input", 4),
    ]


@pytest.mark.sim
def test_checker_reports_defects(tmp_path: Path) -> None:
    chk = _checker()
    bad = tmp_path / "mux2_8bit"
    shutil.copytree(SUITE / "mux2_8bit", bad)
    spec = (bad / "spec.md").read_text().replace("`input [7:0] b`", "`input [6:0] b`")
    (bad / "spec.md").write_text(spec)
    toml = (bad / "problem.toml").read_text().replace('category = "muxes"', 'category = "mux"')
    (bad / "problem.toml").write_text(toml + "\n[stimulus]\nranges = { nope = [0, 3] }\n")
    (bad / "ref.v").write_text(
        (bad / "ref.v")
        .read_text()
        .replace("assign out = sel ? b : a;", "wire spare_w = a[0];\n    assign out = sel ? b : a;")
    )
    rep = chk.check_problem(bad, with_tests=False)
    text = "\n".join(rep.findings)
    assert "category 'mux' not allowed" in text
    assert "port b: spec says input width 7" in text
    assert "'nope'" in text
    assert "verilator" in text and "UNUSED" in text


@pytest.mark.sim
def test_designer_tests_pass_on_reference_and_fail_on_a_wrong_design(tmp_path: Path) -> None:
    chk = _checker()
    good = tmp_path / "majority3"
    shutil.copytree(SUITE / "majority3", good)
    rep = chk.check_problem(good, with_tests=True)
    assert rep.ok, rep.findings
    assert rep.tests == "1/1"
    (good / "ref.v").write_text((good / "ref.v").read_text().replace("(x & z)", "(x & ~z)"))
    rep = chk.check_problem(good, with_tests=True)
    assert rep.tests == "0/1"
    assert any("maj wrong" in f for f in rep.findings), rep.findings
