"""Suite loaders: veriagent's own format, VerilogEval v2 and RTLLM v2 (see docs/suite-format.md).

A problem whose reference is missing is still loaded, with ``ref_path=None``; the judge then
records a clear ``harness-error`` ("problem has no reference") for each of its candidates instead
of crashing. Broken metadata (an unreadable problem.toml) is a :class:`BadInput`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from veriagent.bench.models import ClockSpec, Problem, ResetSpec, StimulusSpec, Suite, SuiteFormat
from veriagent.errors import BadInput

log = logging.getLogger(__name__)

_VE_RE = re.compile(r"^(Prob\d+_[A-Za-z0-9_]+?)_(prompt\.txt|ref\.sv|test\.sv|ifc\.txt)$")
_MODULE_RE = re.compile(r"\bmodule\s+([A-Za-z_][A-Za-z0-9_$]*)")
_SKIP_DIRS = {".git", "__pycache__", ".pytest_cache", ".mypy_cache"}


def _is_verilogeval(path: Path) -> bool:
    names = [p.name for p in path.iterdir() if p.is_file()]
    return any(n.endswith("_prompt.txt") and _VE_RE.match(n) for n in names) and any(
        n.endswith("_ref.sv") for n in names
    )


def detect_format(path: Path) -> SuiteFormat:
    """Which suite format the directory ``path`` holds.

    Args:
        path: a suite directory.

    Returns:
        "veriagent", "verilogeval-v2" or "rtllm-v2".

    Raises:
        BadInput: ``path`` is not a directory or holds no known suite.
    """
    path = Path(path)
    if not path.is_dir():
        raise BadInput(f"{path} is not a suite directory")
    if (path / "suite.toml").is_file() or any((d / "problem.toml").is_file() for d in path.iterdir() if d.is_dir()):
        return "veriagent"
    if _is_verilogeval(path):
        return "verilogeval-v2"
    if any(path.rglob("design_description.txt")):
        return "rtllm-v2"
    raise BadInput(
        f"{path} is not a suite: expected suite.toml or <id>/problem.toml (veriagent), "
        "ProbNNN_*_prompt.txt + _ref.sv (VerilogEval v2) or design_description.txt folders (RTLLM v2)"
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _first_module(path: Path, prefer: str | None = None) -> str | None:
    names = _MODULE_RE.findall(_read(path))
    if prefer and prefer in names:
        return prefer
    return names[0] if names else None


def _load_veriagent_problem(d: Path) -> Problem:
    toml_path = d / "problem.toml"
    try:
        meta: dict[str, Any] = tomllib.loads(_read(toml_path))
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{toml_path}: invalid TOML: {exc}") from exc
    spec_path = d / "spec.md"
    ref = next((d / n for n in ("ref.v", "ref.sv") if (d / n).is_file()), None)
    tests = d / "tests"
    top = str(meta.get("top", "top_module"))
    try:
        return Problem(
            id=str(meta.get("id", d.name)),
            title=str(meta.get("title", "")),
            category=str(meta.get("category", "misc")),
            difficulty=meta.get("difficulty", "medium"),
            top=top,
            spec=_read(spec_path) if spec_path.is_file() else "",
            interface_header=meta.get("interface_header"),
            clock=ClockSpec(**meta["clock"]) if "clock" in meta else None,
            reset=ResetSpec(**meta["reset"]) if "reset" in meta else None,
            stimulus=StimulusSpec(**meta.get("stimulus", {})),
            tags=list(meta.get("tags", [])),
            suite_format="veriagent",
            path=d,
            ref_path=ref,
            ref_top=(_first_module(ref, top) if ref else None),
            user_tests_dir=tests if tests.is_dir() and any(tests.glob("test_*.py")) else None,
        )
    except (ValidationError, TypeError) as exc:
        first = str(exc).splitlines()
        raise BadInput(f"{toml_path}: invalid problem: {' '.join(first[:3])}") from exc


def _load_veriagent(path: Path) -> tuple[str, str, list[Problem]]:
    name, version = path.name, "0"
    st = path / "suite.toml"
    if st.is_file():
        try:
            meta = tomllib.loads(_read(st))
        except tomllib.TOMLDecodeError as exc:
            raise BadInput(f"{st}: invalid TOML: {exc}") from exc
        name, version = str(meta.get("name", name)), str(meta.get("version", version))
    problems = [_load_veriagent_problem(d) for d in sorted(path.iterdir())
                if d.is_dir() and (d / "problem.toml").is_file()]
    return name, version, problems


def _load_verilogeval(path: Path) -> list[Problem]:
    groups: dict[str, dict[str, Path]] = {}
    for f in sorted(path.iterdir()):
        m = _VE_RE.match(f.name)
        if m and f.is_file():
            groups.setdefault(m.group(1), {})[m.group(2).split(".")[0]] = f
    problems: list[Problem] = []
    for pid, files in sorted(groups.items()):
        if "prompt" not in files:
            log.warning("VerilogEval problem %s has no prompt: skipped", pid)
            continue
        ref = files.get("ref")
        problems.append(Problem(
            id=pid,
            title=pid.split("_", 1)[1].replace("_", " ") if "_" in pid else pid,
            spec=_read(files["prompt"]),
            top="TopModule",
            interface_header=_read(files["ifc"]).strip() if "ifc" in files else None,
            suite_format="verilogeval-v2",
            path=path,
            ref_path=ref,
            ref_top=_first_module(ref, "RefModule") if ref else None,
            testbench_path=files.get("test"),
        ))
    return problems


def _load_rtllm(path: Path) -> list[Problem]:
    problems: list[Problem] = []
    for desc in sorted(path.rglob("design_description.txt")):
        d = desc.parent
        if _SKIP_DIRS & set(d.parts):
            continue
        verified = sorted(d.glob("verified_*.v")) + sorted(d.glob("verified_*.sv"))
        ref = verified[0] if verified else None
        name = ref.stem[len("verified_"):] if ref else d.name
        rel = d.relative_to(path).parts
        data = [f for f in sorted(d.iterdir()) if f.is_file() and f.suffix in (".dat", ".txt")
                and f.name != "design_description.txt"]
        tb = d / "testbench.v"
        problems.append(Problem(
            id=name,
            title=name.replace("_", " "),
            category=rel[0] if len(rel) > 1 else "misc",
            spec=_read(desc),
            top=name,
            suite_format="rtllm-v2",
            path=d,
            ref_path=ref,
            ref_top=_first_module(ref, f"verified_{name}") if ref else None,
            testbench_path=tb if tb.is_file() else None,
            tb_data_files=data,
        ))
    return problems


def load_suite(path: Path, fmt: SuiteFormat | None = None) -> Suite:
    """Load every problem of the suite at ``path``.

    Args:
        path: the suite directory.
        fmt: its format (detected when None).

    Returns:
        The :class:`Suite`; problems without a reference have ``ref_path=None``.

    Raises:
        BadInput: not a suite, or a problem's metadata is invalid.
    """
    path = Path(path).resolve()
    fmt = fmt or detect_format(path)
    if fmt == "veriagent":
        name, version, problems = _load_veriagent(path)
    elif fmt == "verilogeval-v2":
        name, version, problems = path.name, "2", _load_verilogeval(path)
    elif fmt == "rtllm-v2":
        name, version, problems = path.name, "2", _load_rtllm(path)
    else:
        raise BadInput(f"unknown suite format {fmt!r}")
    ids = [p.id for p in problems]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise BadInput(f"{path}: duplicate problem ids: {', '.join(sorted(dup))}")
    if not problems:
        raise BadInput(f"{path}: no problems found ({fmt} format)")
    for p in problems:
        if p.ref_path is None:
            log.warning("problem %s has no reference: its candidates will be recorded as harness-error", p.id)
    return Suite(name=name, version=version, format=fmt, path=path, content_hash=suite_hash(path),
                 problems=problems)


def suite_hash(path: Path) -> str:
    """SHA-256 over the relative paths and contents of the suite's files (hidden dirs skipped).

    Args:
        path: a suite directory (or a single file).

    Returns:
        The hex digest.
    """
    path = Path(path)
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(
        f for f in path.rglob("*")
        if f.is_file() and not any(part in _SKIP_DIRS or part.startswith(".") for part in f.relative_to(path).parts)
    )
    for f in files:
        rel = f.name if f == path else f.relative_to(path).as_posix()
        h.update(rel.encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
