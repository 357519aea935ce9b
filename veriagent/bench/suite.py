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

from veriagent.bench.models import Problem, Suite, SuiteFormat
from veriagent.errors import BadInput
from veriagent.hdl.text import module_names, strip_comments
from veriagent.sim.models import ClockSpec, ResetSpec, StimulusSpec

log = logging.getLogger(__name__)

_VE_RE = re.compile(r"^(Prob\d+_[A-Za-z0-9_]+?)_(prompt\.txt|ref\.sv|test\.sv|ifc\.txt)$")
_SKIP_DIRS = {".git", "__pycache__", ".pytest_cache", ".mypy_cache"}
_STYLE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
DEFAULT_STYLE = "default"
"""The spec style of ``spec.md`` itself."""


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
    if (path / "suite.toml").is_file() or any(
        (d / "problem.toml").is_file() for d in path.iterdir() if d.is_dir()
    ):
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
    names = module_names(_read(path))
    if prefer and prefer in names:
        return prefer
    return names[0] if names else None


def spec_file(style: str) -> str:
    """The spec file name of a spec style: ``spec.md`` for "default", else ``spec.<style>.md``.

    Raises:
        BadInput: ``style`` is not a plain name (letters, digits, ``-``, ``_``).
    """
    if not _STYLE_RE.fullmatch(style):
        raise BadInput(f"spec style {style!r}: use a plain name such as prose, sections, table or parens")
    return "spec.md" if style == DEFAULT_STYLE else f"spec.{style}.md"


def _load_veriagent_problem(d: Path, style: str = DEFAULT_STYLE) -> Problem:
    toml_path = d / "problem.toml"
    try:
        meta: dict[str, Any] = tomllib.loads(_read(toml_path))
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{toml_path}: invalid TOML: {exc}") from exc
    spec_path = d / spec_file(style)
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
            spec_style=style,
            path=d,
            ref_path=ref,
            ref_top=(_first_module(ref, top) if ref else None),
            user_tests_dir=tests if tests.is_dir() and any(tests.glob("test_*.py")) else None,
        )
    except (ValidationError, TypeError) as exc:
        first = str(exc).splitlines()
        raise BadInput(f"{toml_path}: invalid problem: {' '.join(first[:3])}") from exc


def _load_veriagent(path: Path, style: str, skipped: list[str]) -> tuple[str, str, list[Problem]]:
    name, version = path.name, "0"
    st = path / "suite.toml"
    if st.is_file():
        try:
            meta = tomllib.loads(_read(st))
        except tomllib.TOMLDecodeError as exc:
            raise BadInput(f"{st}: invalid TOML: {exc}") from exc
        name, version = str(meta.get("name", name)), str(meta.get("version", version))
    dirs = [d for d in sorted(path.iterdir()) if d.is_dir() and (d / "problem.toml").is_file()]
    if style != DEFAULT_STYLE:
        fname = spec_file(style)
        have = [d for d in dirs if (d / fname).is_file()]
        if not have:
            raise BadInput(f"{path}: no problem has a {fname} (spec style {style!r})")
        if len(have) < len(dirs):
            log.info(
                "spec style %s: %d of %d problems have no %s and are skipped",
                style,
                len(dirs) - len(have),
                len(dirs),
                fname,
            )
        skipped.extend(d.name for d in dirs if d not in have)
        dirs = have
    return name, version, [_load_veriagent_problem(d, style) for d in dirs]


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
        problems.append(
            Problem(
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
            )
        )
    return problems


# Verilog words that can open a statement shaped like an instantiation (`word name (`).
_NOT_MODULES = {
    "module",
    "macromodule",
    "function",
    "task",
    "automatic",
    "static",
    "begin",
    "end",
    "case",
    "casex",
    "casez",
    "if",
    "else",
    "for",
    "while",
    "repeat",
    "forever",
    "initial",
    "always",
    "assign",
    "wire",
    "reg",
    "logic",
    "integer",
    "input",
    "output",
    "inout",
    "parameter",
    "localparam",
    "genvar",
    "generate",
    "return",
    "fork",
    "join",
    "wait",
    "disable",
    "default",
    "posedge",
    "negedge",
    "or",
    "and",
    "not",
    "buf",
    "xor",
    "nand",
    "nor",
    "xnor",
    "int",
    "bit",
    "byte",
    "real",
    "time",
    "string",
    "void",
    "typedef",
    "struct",
}
_INSTANCE_RE = re.compile(
    r"(?:^|[;\s])([A-Za-z_][A-Za-z0-9_$]*)\s*(?:#\s*\((?:[^()]|\([^()]*\))*\)\s*)?"
    r"([A-Za-z_][A-Za-z0-9_$]*)\s*(?:\[[^\]]*\]\s*)?\(",
    re.M,
)
_MODULE_NAME_RE = re.compile(r"^\s*Module name\s*:\s*`?([A-Za-z_][A-Za-z0-9_$]*)?", re.M | re.I)
_NEXT_WORD_RE = re.compile(r"\s*`?([A-Za-z_][A-Za-z0-9_$]*)")


def instantiated_modules(testbench: str) -> list[str]:
    """Modules a testbench instantiates but does not define (the design(s) it checks), in order."""
    text = strip_comments(testbench, strings=True)
    defined = set(module_names(text))
    found: list[str] = []
    for m in _INSTANCE_RE.finditer(text):
        name = m.group(1)
        if (
            name not in _NOT_MODULES
            and m.group(2) not in _NOT_MODULES
            and name not in defined
            and not name.startswith("$")
            and name not in found
        ):
            found.append(name)
    return found


def _described_module(description: str) -> str | None:
    """The name under a ``Module name:`` heading (same line or the next non-empty one)."""
    m = _MODULE_NAME_RE.search(description)
    if m is None:
        return None
    if m.group(1):
        return m.group(1)
    nxt = _NEXT_WORD_RE.match(description, m.end())
    return nxt.group(1) if nxt else None


def _rtllm_top(d: Path, description: str, tb: Path | None, ref_modules: list[str]) -> str:
    """The module a candidate must define: what the testbench instantiates, else the described name."""
    described = _described_module(description)
    inst = instantiated_modules(_read(tb)) if tb is not None else []
    if len(inst) > 1 and described in inst:
        inst = [described]
    if inst:
        if described and described != inst[0]:
            log.warning(
                "%s: the testbench instantiates %s but the description names %s; judging %s",
                d,
                inst[0],
                described,
                inst[0],
            )
        return inst[0]
    if described:
        return described
    for name in ref_modules:
        return name[len("verified_") :] if name.startswith("verified_") else name
    return d.name


def _rtllm_ref_top(ref_modules: list[str], top: str) -> str | None:
    """The reference's top module: ``verified_<top>``, ``<top>``, else the only (or first) module."""
    for want in (f"verified_{top}", top):
        if want in ref_modules:
            return want
    return ref_modules[0] if ref_modules else None


def _load_rtllm(path: Path) -> list[Problem]:
    problems: list[Problem] = []
    for desc in sorted(path.rglob("design_description.txt")):
        d = desc.parent
        if _SKIP_DIRS & set(d.parts):
            continue
        # the reference may be named after another spelling of the design (verified_<other>.v)
        verified = sorted(d.glob("verified_*.v")) + sorted(d.glob("verified_*.sv"))
        ref = verified[0] if verified else None
        ref_modules = module_names(_read(ref)) if ref else []
        tb_path = d / "testbench.v"
        tb = tb_path if tb_path.is_file() else None
        spec = _read(desc)
        top = _rtllm_top(d, spec, tb, ref_modules)
        rel = d.relative_to(path).parts
        data = [
            f
            for f in sorted(d.iterdir())
            if f.is_file() and f.suffix in (".dat", ".txt") and f.name != "design_description.txt"
        ]
        problems.append(
            Problem(
                id=d.name,
                title=d.name.replace("_", " "),
                category=rel[0] if len(rel) > 1 else "misc",
                spec=spec,
                top=top,
                suite_format="rtllm-v2",
                path=d,
                ref_path=ref,
                ref_top=_rtllm_ref_top(ref_modules, top),
                testbench_path=tb,
                tb_data_files=data,
            )
        )
    return problems


def load_suite(path: Path, fmt: SuiteFormat | None = None, spec_style: str = DEFAULT_STYLE) -> Suite:
    """Load every problem of the suite at ``path``.

    Args:
        path: the suite directory.
        fmt: its format (detected when None).
        spec_style: which spec each problem gets: "default" (``spec.md``) or a style name, whose
            ``spec.<style>.md`` is used instead (veriagent format only); problems without that
            file are skipped and listed in ``Suite.skipped``.

    Returns:
        The :class:`Suite`; problems without a reference have ``ref_path=None``.

    Raises:
        BadInput: not a suite, a problem's metadata is invalid, or no problem has the spec style.
    """
    path = Path(path).resolve()
    fmt = fmt or detect_format(path)
    spec_file(spec_style)  # validates the name
    if spec_style != DEFAULT_STYLE and fmt != "veriagent":
        raise BadInput(
            f"--spec-style {spec_style}: only the veriagent suite format has alternative specs "
            f"(this suite is {fmt})"
        )
    skipped: list[str] = []
    if fmt == "veriagent":
        name, version, problems = _load_veriagent(path, spec_style, skipped)
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
    return Suite(
        name=name,
        version=version,
        format=fmt,
        path=path,
        content_hash=suite_hash(path),
        problems=problems,
        spec_style=spec_style,
        skipped=skipped,
    )


def suite_hash(path: Path) -> str:
    """SHA-256 over the relative paths and contents of the suite's files (hidden dirs skipped).

    Args:
        path: a suite directory (or a single file).

    Returns:
        The hex digest.
    """
    path = Path(path)
    h = hashlib.sha256()
    files = (
        [path]
        if path.is_file()
        else sorted(
            f
            for f in path.rglob("*")
            if f.is_file()
            and not any(part in _SKIP_DIRS or part.startswith(".") for part in f.relative_to(path).parts)
        )
    )
    for f in files:
        rel = f.name if f == path else f.relative_to(path).as_posix()
        h.update(rel.encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
