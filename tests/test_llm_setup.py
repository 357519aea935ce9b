"""scripts/setup_llama.sh: build-flag choice per CPU, and the fast path when already verified."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "setup_llama.sh"
AVX512 = ("fpu avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx_vnni avx512_bf16 avx512vbmi "
          "avx512_vbmi2 avx512_vnni amx_tile")


def _flags(tmp_path: Path, cpu_flags: str) -> str:
    info = tmp_path / "cpuinfo"
    info.write_text(f"processor\t: 0\nflags\t\t: {cpu_flags}\n")
    env = {**os.environ, "VERIAGENT_CPUINFO": str(info)}
    r = subprocess.run(["bash", str(SCRIPT), "--print-flags"], capture_output=True, text=True, env=env, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_avx512_cpu_gets_the_avx512_build(tmp_path: Path) -> None:
    out = _flags(tmp_path, AVX512)
    assert out.startswith("avx512 ") and "-DGGML_NATIVE=OFF" in out and "-DGGML_AVX512_BF16=ON" in out


def test_avx512_without_avx_vnni_gets_avx512_minus_the_vex_kernels(tmp_path: Path) -> None:
    # AMD Zen 4: AVX-512 VNNI and BF16, but no VEX-coded AVX-VNNI
    out = _flags(tmp_path, AVX512.replace("avx_vnni ", ""))
    assert out.startswith("avx512-novex ") and "-DGGML_AVX512_VNNI=ON" in out and "AVX_VNNI" not in out


def test_cpu_without_full_avx512_gets_generic(tmp_path: Path) -> None:
    assert _flags(tmp_path, "fpu avx avx2 fma") == "generic -DGGML_NATIVE=OFF"
    no_bf16 = AVX512.replace("avx512_bf16 ", "")
    assert _flags(tmp_path, no_bf16) == "generic -DGGML_NATIVE=OFF"


def test_already_verified_is_a_quick_no_op() -> None:
    venv_python = Path(sys.executable)
    stamps = list(venv_python.parent.parent.glob(".llama-cpp-python-*.verified"))
    if not stamps:
        pytest.skip("llama-cpp-python not set up in this venv (run `make llama`)")
    r = subprocess.run(["bash", str(SCRIPT), str(venv_python)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "already installed and verified" in r.stdout
