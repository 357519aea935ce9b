"""The one place that starts external processes (simulators, compilers, linters).

Every call: an argv list (no shell), an explicit working directory and environment, a wall-clock
timeout that kills the whole process group, resource limits (CPU seconds, address space, file
size), output capped and decoded with ``errors="replace"``, and the command logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

#: Environment variables passed through to tools by default (everything else is dropped).
PASSTHROUGH_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "PYTHONPATH", "VIRTUAL_ENV")


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to a child process (0 = no limit)."""

    cpu_seconds: int = 600
    memory_bytes: int = 4 * 1024**3
    file_bytes: int = 256 * 1024**2
    output_chars: int = 2_000_000


@dataclass
class ProcResult:
    """What a finished (or killed) process did."""

    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    truncated: bool = False
    cwd: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def command(self) -> str:
        """The command as one shell-quoted line, for logs and feedback."""
        import shlex

        return shlex.join(self.argv)

    @property
    def output(self) -> str:
        """stdout and stderr together (stderr last)."""
        return self.stdout + ("\n" if self.stdout and self.stderr else "") + self.stderr


def tool_env(extra: Mapping[str, str] | None = None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A minimal environment for a child: the passthrough variables plus ``extra``."""
    src = os.environ if base is None else base
    env = {k: src[k] for k in PASSTHROUGH_ENV if k in src}
    env.setdefault("PATH", os.defpath)
    env.setdefault("LANG", "C.UTF-8")
    if extra:
        env.update(extra)
    return env


def _preexec(limits: Limits):  # type: ignore[no-untyped-def]
    def apply() -> None:
        os.setsid()
        if limits.cpu_seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        if limits.memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        if limits.file_bytes:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))

    return apply


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.kill()


def _read_capped(f: IO[bytes], cap: int) -> bytes:
    f.seek(0)
    # Read a little more than the cap so that _decode can tell the output was cut.
    return f.read(cap * 4 + 4 if cap else -1)


def _decode(data: bytes, cap: int) -> tuple[str, bool]:
    text = data.decode("utf-8", errors="replace")
    if cap and len(text) > cap:
        return text[:cap] + f"\n... [output truncated at {cap} characters]\n", True
    return text, False


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    cwd: str | os.PathLike[str],
    timeout: float,
    env: Mapping[str, str] | None = None,
    limits: Limits | None = None,
    stdin: bytes | None = None,
) -> ProcResult:
    """Run ``argv`` in ``cwd`` and wait at most ``timeout`` seconds.

    Args:
        argv: program and arguments; never passed through a shell.
        cwd: working directory (must exist).
        timeout: wall-clock seconds; on expiry the whole process group is killed.
        env: the child's complete environment (default: :func:`tool_env`).
        limits: rlimits for the child (default: :class:`Limits`).
        stdin: bytes fed to the child's standard input (default: nothing, closed).

    Returns:
        A :class:`ProcResult`; ``timed_out`` is set when the timeout fired. A program that
        cannot be started gives returncode 127 and the reason in ``stderr``.
    """
    args = [os.fspath(a) for a in argv]
    lim = limits or Limits()
    child_env = dict(env) if env is not None else tool_env()
    log.debug("run: %s (cwd=%s, timeout=%.0fs)", " ".join(args), cwd, timeout)
    start = time.monotonic()
    # Output goes to unlinked temporary files, not pipes: RLIMIT_FSIZE then stops a design that
    # floods its output, and the parent never holds more than ``output_chars`` of it in memory.
    with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
        try:
            proc = subprocess.Popen(
                args,
                cwd=os.fspath(cwd),
                env=child_env,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=fout,
                stderr=ferr,
                preexec_fn=_preexec(lim),
            )
        except OSError as exc:
            return ProcResult(args, 127, "", f"cannot run {args[0]}: {exc.strerror or exc}", 0.0, cwd=str(cwd))
        timed_out = False
        try:
            proc.communicate(input=stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
            proc.wait()
        finally:
            # Whatever the design's simulation forked must not outlive it.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        out = _read_capped(fout, lim.output_chars)
        err = _read_capped(ferr, lim.output_chars)
    seconds = time.monotonic() - start
    stdout, t1 = _decode(out, lim.output_chars)
    stderr, t2 = _decode(err, lim.output_chars)
    rc = proc.returncode if proc.returncode is not None else -9
    if timed_out:
        log.info("timed out after %.1fs: %s", seconds, args[0])
    return ProcResult(args, rc, stdout, stderr, seconds, timed_out, t1 or t2, cwd=str(cwd))


@contextlib.contextmanager
def scratch_dir(prefix: str = "veriagent-", keep: bool = False, parent: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """A fresh temporary directory, removed afterwards unless ``keep``."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)
