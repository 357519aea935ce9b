"""Packaging (issue 15): `python -m build` gives a wheel and an sdist that install in a fresh venv and
run `veriagent doctor`, `check` and `bench builtin --candidates reference` (the built-in suite,
prompts and testbenches ship inside the wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BROKEN = "module w(input [7:0] a, output [3:0] y);\n  assign y = a\nendmodule\n"


def _build(out: Path) -> tuple[Path, Path]:
    pytest.importorskip("build")
    src = out / "src"  # build from a copy: the checkout is left untouched
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".venv", ".git", "runs", "build", "dist", "*.egg-info",
                                                             "__pycache__", ".mypy_cache", ".ruff_cache",
                                                             ".pytest_cache", "data", "adapters"))
    res = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out / "dist"), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    (wheel,) = (out / "dist").glob("*.whl")
    (sdist,) = (out / "dist").glob("*.tar.gz")
    return wheel, sdist


def _fresh_venv(root: Path, wheel: Path, *, deps_from: str | None) -> Path:
    """A new venv with ``wheel`` installed; dependencies from the registry (``deps_from=None``) or
    reused from an existing site-packages directory (offline)."""
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, timeout=300)
    py = root / "bin" / "python"
    args = [str(py), "-m", "pip", "install", "-q", str(wheel)]
    if deps_from is not None:
        site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip())
        (site / "deps.pth").write_text(deps_from + "\n")
        args.append("--no-deps")
    res = subprocess.run(args, capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return root / "bin"


def _smoke(bindir: Path, work: Path) -> None:
    """doctor, check and `bench builtin` from the installed package, outside any checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COLUMNS")}
    # only the tool audit of --check-markers (tests/tool_audit) may stay on the path: never the checkout
    audit = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if Path(p).name == "tool_audit"]
    if audit:
        env["PYTHONPATH"] = os.pathsep.join(audit)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    where = subprocess.run([str(bindir / "python"), "-c", "import veriagent; print(veriagent.__file__)"],
                           capture_output=True, text=True, cwd=work, env=env)
    assert where.stdout.startswith(str(bindir.parent)), where.stdout  # the wheel's copy, not the checkout

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bindir / "veriagent"), *args], capture_output=True, text=True, cwd=work, env=env,
                              timeout=600)

    doctor = run("doctor", "--json")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    (work / "w.v").write_text(BROKEN)
    check = run("check", "w.v")
    assert check.returncode == 1 and "w.v:2:15: error: expected ';'" in check.stdout, check.stdout + check.stderr
    bench = run("bench", "builtin", "--candidates", "reference", "--filter", "^(abs16|bin_to_gray8)$", "--out", "b")
    assert bench.returncode == 0, bench.stdout[-2000:] + bench.stderr[-2000:]
    assert "units judged now" in bench.stdout and (work / "b" / "results.jsonl").is_file()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _build(tmp_path_factory.mktemp("pkg"))


def test_wheel_and_sdist_contents(built: tuple[Path, Path]) -> None:
    wheel, sdist = built
    names = zipfile.ZipFile(wheel).namelist()
    assert "veriagent/datasets/hdlbits-style/suite.toml" in names
    assert "veriagent/datasets/hdlbits-style/abs16/ref.v" in names
    assert any(n.startswith("veriagent/prompts/") and n.endswith(".j2") for n in names)
    assert "veriagent/testbenches/equivalence_tb.py" in names
    members = tarfile.open(sdist).getnames()
    assert any(m.endswith("datasets/hdlbits-style/abs16/spec.md") for m in members)
    assert any(m.endswith("prompts/agent_draft.j2") for m in members)


@pytest.mark.sim
def test_wheel_and_sdist_install_in_a_fresh_venv_and_run(tmp_path: Path, built: tuple[Path, Path]) -> None:
    """Offline: the fresh venv gets the wheel (then the sdist) with --no-deps and reuses this
    environment's dependencies; what is tested is what the package itself ships."""
    wheel, sdist = built
    deps = sysconfig.get_paths()["purelib"]
    if (Path(deps) / "main-venv.pth").is_file():  # a worktree's light venv: its packages live there
        deps = (Path(deps) / "main-venv.pth").read_text().strip()
    for name, artifact in (("wheel", wheel), ("sdist", sdist)):
        work = tmp_path / f"work-{name}"
        work.mkdir()
        _smoke(_fresh_venv(tmp_path / f"venv-{name}", artifact, deps_from=deps), work)


@pytest.mark.slow
@pytest.mark.sim
def test_wheel_installs_with_its_dependencies_from_the_registry(tmp_path: Path, built: tuple[Path, Path]) -> None:
    """The full install a new user does (`pip install veriagent-*.whl`): dependencies from the
    registry. Slow (downloads and installs every dependency), hence `slow`."""
    wheel, _ = built
    work = tmp_path / "work"
    work.mkdir()
    _smoke(_fresh_venv(tmp_path / "venv", wheel, deps_from=None), work)
