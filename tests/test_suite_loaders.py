"""Tests for veriagent.bench.suite: format detection, loaders, hashing, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from veriagent.bench.suite import detect_format, load_suite, suite_hash
from veriagent.errors import BadInput

DATA = Path(__file__).parent / "data"


def test_detect_formats(tmp_path: Path) -> None:
    assert detect_format(DATA / "mini_suite") == "veriagent"
    assert detect_format(DATA / "fixtures" / "verilogeval") == "verilogeval-v2"
    assert detect_format(DATA / "fixtures" / "rtllm") == "rtllm-v2"
    with pytest.raises(BadInput, match="not a suite"):
        detect_format(tmp_path)
    with pytest.raises(BadInput, match="not a suite directory"):
        detect_format(DATA / "mini_suite" / "suite.toml")


def test_load_ours() -> None:
    s = load_suite(DATA / "mini_suite")
    assert s.name == "mini" and s.version == "1" and s.format == "veriagent"
    by = {p.id: p for p in s.problems}
    assert set(by) == {"add4", "counter4", "dff_noreset", "xout"}
    c = by["counter4"]
    assert c.clock is not None and c.reset is not None and c.reset.cycles == 2 and c.stimulus.cycles == 120
    assert c.category == "counters" and c.sequential and c.ref_top == "top_module"
    assert by["dff_noreset"].reset is None and not by["add4"].sequential
    assert by["add4"].user_tests_dir is not None and "top_module" in by["add4"].spec
    view = by["add4"].designer_view()
    assert "ref_path" not in view.model_dump()


def test_load_verilogeval() -> None:
    s = load_suite(DATA / "fixtures" / "verilogeval")
    by = {p.id: p for p in s.problems}
    assert set(by) == {"Prob001_and_gate", "Prob002_count3"}
    p = by["Prob001_and_gate"]
    assert p.top == "TopModule" and p.ref_top == "RefModule" and p.suite_format == "verilogeval-v2"
    assert p.interface_header is not None and p.interface_header.startswith("module TopModule")
    assert p.testbench_path is not None and p.testbench_path.name.endswith("_test.sv")
    assert by["Prob002_count3"].interface_header is None


def test_load_rtllm_and_missing_reference() -> None:
    s = load_suite(DATA / "fixtures" / "rtllm")
    by = {p.id: p for p in s.problems}
    assert set(by) == {"adder4_add", "blink_toggle", "noref_parity"}
    a = by["adder4_add"]
    assert a.top == "adder4_add" and a.ref_top == "verified_adder4_add" and a.category == "arith"
    assert [f.name for f in a.tb_data_files] == ["vectors.dat"]
    assert by["noref_parity"].ref_path is None  # loaded, marked: the judge records harness-error


def test_suite_hash_changes_with_content(tmp_path: Path) -> None:
    dst = tmp_path / "s"
    shutil.copytree(DATA / "mini_suite", dst)
    h1 = suite_hash(dst)
    assert h1 == suite_hash(DATA / "mini_suite") and len(h1) == 64
    (dst / "add4" / "spec.md").write_text("changed")
    assert suite_hash(dst) != h1


def test_bad_problem_toml(tmp_path: Path) -> None:
    (tmp_path / "p1").mkdir()
    (tmp_path / "p1" / "problem.toml").write_text("id = [unclosed\n")
    with pytest.raises(BadInput, match="invalid TOML"):
        load_suite(tmp_path)
    (tmp_path / "p1" / "problem.toml").write_text('id = "p1"\ndifficulty = "impossible"\n')
    with pytest.raises(BadInput, match="invalid problem"):
        load_suite(tmp_path)
