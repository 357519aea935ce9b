"""The one place that starts external processes (simulators, compilers, linters).

Every call: an argv list (no shell), an explicit working directory and environment, a wall-clock
timeout that kills the whole process group, resource limits (CPU seconds, address space, file
size, open files), output capped and decoded with ``errors="replace"``, the command logged, and
children that die with their parent (``PR_SET_PDEATHSIG``).

Untrusted work (a :class:`Jail` is given: candidate designs, model-written Python, the suites'
testbenches run against candidates) additionally runs under bubblewrap: new PID, network, IPC and
UTS namespaces; a read-only view of only the system directories, the Python installation and the
tools (no ``/proc``, no home, no ``/tmp``, no run directories); one writable scratch directory;
a per-run unprivileged uid (when veriagent runs as root) or uid ``nobody`` in a user namespace;
``--die-with-parent``. Verdicts leave through :attr:`Jail.verdict`, a host directory mounted at a
random path that only the environment names (design code cannot read the environment without
``/proc``). Without bubblewrap such runs are refused unless :func:`allow_unsafe` was called
(``--unsafe-no-sandbox``).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import os
import resource
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from veriagent.errors import SandboxMissing

log = logging.getLogger(__name__)

UNSAFE_ENV = "VERIAGENT_UNSAFE_NO_SANDBOX"
"""Set (to 1) by :func:`allow_unsafe` so that worker processes inherit the choice."""
VERDICT_DIR = "${VERIAGENT_VERDICT_DIR}"
"""Placeholder in a jailed run's environment values: replaced by the verdict directory's path inside."""
UID_BASE = 200_000
UID_SPAN = 100_000
"""Jailed runs started by root get a uid in ``[UID_BASE, UID_BASE + UID_SPAN)``, fresh per run."""
NOBODY = 65534
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt")
_SYSTEM_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/nsswitch.conf",
)
PR_SET_PDEATHSIG = 1

#: Environment variables passed through to tools by default (everything else is dropped).
PASSTHROUGH_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "PYTHONPATH", "VIRTUAL_ENV")


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to a child process (0 = no limit)."""

    cpu_seconds: int = 600
    memory_bytes: int = 4 * 1024**3
    file_bytes: int = 256 * 1024**2
    output_chars: int = 2_000_000
    processes: int = 128
    """RLIMIT_NPROC of a jailed run (counted per uid: each jailed run started by root has its own)."""
    open_files: int = 1024


@dataclass(frozen=True)
class Jail:
    """How an untrusted run is confined: what it may write, what else it may read."""

    writable: Path
    """The only writable directory (created; the working directory must be inside it)."""
    readable: tuple[Path, ...] = ()
    """Extra files or directories visible read-only (sources, testbenches, test modules)."""
    verdict: Path | None = None
    """A host directory (outside ``writable``) for the harness's results, mounted at a random path."""


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
    sandbox: str = ""
    """How the run was confined: "bwrap", "none (--unsafe-no-sandbox)" or "" (trusted, not jailed)."""

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


# --- the sandbox ------------------------------------------------------------------------------------


def allow_unsafe(allow: bool = True) -> None:
    """Let jailed runs go ahead without bubblewrap (``--unsafe-no-sandbox``); inherited by workers."""
    if allow:
        os.environ[UNSAFE_ENV] = "1"
    else:
        os.environ.pop(UNSAFE_ENV, None)


def unsafe_allowed() -> bool:
    """Whether :func:`allow_unsafe` is in force (in this process or its parent)."""
    return os.environ.get(UNSAFE_ENV, "") not in ("", "0")


@functools.lru_cache(maxsize=1)
def probe() -> str | None:
    """None when bubblewrap works here, else why not (cached; one short run)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed"
    with tempfile.TemporaryDirectory(prefix="veriagent-probe-") as tmp:
        argv = [*_bwrap_argv(Jail(Path(tmp)), Path(tmp), NOBODY), "/bin/true"]
        try:
            res = subprocess.run(argv, capture_output=True, timeout=20, cwd=tmp, env=tool_env())
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bubblewrap does not start: {exc}"
    if res.returncode != 0:
        why = res.stderr.decode(errors="replace").strip().splitlines()
        return f"bubblewrap cannot create a sandbox here: {why[-1] if why else res.returncode}"
    return None


def describe() -> str:
    """How jailed runs are confined in this process: "bwrap" or "none (--unsafe-no-sandbox)".

    Raises:
        SandboxMissing: no working bubblewrap and unsafe runs not allowed.
    """
    why = probe()
    if why is None:
        return "bwrap"
    if unsafe_allowed():
        return "none (--unsafe-no-sandbox)"
    raise SandboxMissing(
        f"{why}: refusing to run untrusted designs and model code without a sandbox "
        "(install it: `apt-get install bubblewrap`, or `make setup`; "
        "or pass --unsafe-no-sandbox)"
    )


@functools.lru_cache(maxsize=1)
def _view() -> tuple[tuple[str, str], ...]:
    """(kind, path) of what every jailed run sees read-only: system dirs, Python, the tools."""
    out: list[tuple[str, str]] = []
    for d in _SYSTEM_DIRS:
        if os.path.islink(d):
            out.append(("symlink", d))
        elif os.path.isdir(d):
            out.append(("dir", d))
    out += [("dir", f) for f in _SYSTEM_FILES if os.path.exists(f)]
    py = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))),
    }
    py |= {sysconfig.get_path(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) or entry.endswith(".zip"):
            py.add(entry)
    for name in ("iverilog", "vvp", "verilator", "yosys"):
        found = shutil.which(name)
        if found:
            py.add(os.path.dirname(os.path.dirname(os.path.realpath(found))))
    for p in sorted(p for p in py if p and os.path.exists(p)):
        if not any(p == d or p.startswith(d.rstrip("/") + "/") for _, d in out):
            out.append(("dir", p))
    return tuple(out)


def _bwrap_argv(jail: Jail, cwd: Path, uid: int, verdict_inner: str | None = None) -> list[str]:
    argv = [
        shutil.which("bwrap") or "bwrap",
        "--die-with-parent",
        "--new-session",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
    ]
    root = os.geteuid() == 0
    if not root:
        argv += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    made: set[str] = set()

    def parents(path: str) -> None:
        # bwrap makes missing mount points 0700 (root-only); make them traversable first.
        parts = Path(path).parts
        for i in range(2, len(parts)):
            d = str(Path(*parts[:i]))
            if d not in made:
                made.add(d)
                argv.extend(["--perms", "0755", "--dir", d])

    for kind, path in _view():
        if kind == "symlink":
            argv += ["--symlink", os.readlink(path), path]
            made.add(path)
        else:
            parents(path)
            argv += ["--ro-bind", path, path]
    for p in jail.readable:
        rp = str(Path(p).resolve())
        parents(rp)
        argv += ["--ro-bind", rp, rp]
    w = str(jail.writable.resolve())
    parents(w)
    argv += ["--bind", w, w]
    if jail.verdict is not None and verdict_inner is not None:
        parents(verdict_inner)
        argv += ["--bind", str(jail.verdict.resolve()), verdict_inner]
    argv += ["--dev", "/dev", "--chdir", str(cwd)]
    if root:
        argv += [
            "--",
            shutil.which("setpriv") or "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--no-new-privs",
            "--",
        ]
    else:
        argv += ["--"]
    return argv


def _let_read(paths: Sequence[Path]) -> None:
    """Make our own readable paths readable by the run's uid (``mkdtemp`` makes 0700 directories).

    Only the path itself changes (o+r, and o+x on a directory); the run sees nothing else around it.
    """
    for p in paths:
        with contextlib.suppress(OSError):
            st = os.stat(p)
            if st.st_uid != os.geteuid():
                continue
            want = st.st_mode | 0o004 | (0o001 if Path(p).is_dir() else 0)
            if want != st.st_mode:
                os.chmod(p, want & 0o7777)


def _jail_env(env: dict[str, str], jail: Jail, inner: str | None) -> dict[str, str]:
    """The environment of a jailed run: no host home or temp dir; the verdict placeholder filled in."""
    out = dict(env)
    out["HOME"] = str(jail.writable)
    out["TMPDIR"] = str(jail.writable)
    out.pop("USER", None)
    if inner is not None:
        out["VERIAGENT_VERDICT_DIR"] = inner
        out = {k: v.replace(VERDICT_DIR, inner) for k, v in out.items()}
    return out


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - not Linux
        return None


_LIBC = _libc()


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (pool workers call it)."""
    if _LIBC is not None and sys.platform.startswith("linux"):
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _preexec(limits: Limits, jailed: bool = False) -> Callable[[], None]:
    def apply() -> None:
        os.setsid()
        die_with_parent()
        if limits.cpu_seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        if limits.memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        if limits.file_bytes:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        if limits.open_files:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        if jailed and limits.processes and os.geteuid() == 0:
            # Counted per uid: root (bwrap) is exempt, the run's own uid is limited.
            resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))

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
    jail: Jail | None = None,
) -> ProcResult:
    """Run ``argv`` in ``cwd`` and wait at most ``timeout`` seconds.

    Args:
        argv: program and arguments; never passed through a shell.
        cwd: working directory (must exist).
        timeout: wall-clock seconds; on expiry the whole process group is killed.
        env: the child's complete environment (default: :func:`tool_env`).
        limits: rlimits for the child (default: :class:`Limits`).
        stdin: bytes fed to the child's standard input (default: nothing, closed).
        jail: run untrusted work confined (see the module docs); None for trusted tools.

    Returns:
        A :class:`ProcResult`; ``timed_out`` is set when the timeout fired. A program that
        cannot be started gives returncode 127 and the reason in ``stderr``.

    Raises:
        SandboxMissing: ``jail`` given, no working bubblewrap, and unsafe runs not allowed.
    """
    args = [os.fspath(a) for a in argv]
    lim = limits or Limits()
    child_env = dict(env) if env is not None else tool_env()
    how = ""
    if jail is not None:
        how = describe()
        jail.writable.mkdir(parents=True, exist_ok=True)
        inner = None
        if jail.verdict is not None:
            jail.verdict.mkdir(parents=True, exist_ok=True)
            inner = (
                f"/run/veriagent-{secrets.token_hex(16)}" if how == "bwrap" else str(jail.verdict.resolve())
            )
        child_env = _jail_env(child_env, jail, inner)
        if how == "bwrap":
            # from the OS, not the global `random` state: training seeds that (sft.train), and two
            # processes seeded alike would hand their jails the same uid at the same time
            uid = UID_BASE + secrets.randbelow(UID_SPAN) if os.geteuid() == 0 else NOBODY
            if os.geteuid() == 0:
                for d in (jail.writable, jail.verdict):
                    if d is not None:
                        os.chown(d, uid, uid)
                _let_read(jail.readable)
            args = [*_bwrap_argv(jail, Path(cwd).resolve(), uid, inner), *args]
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
                preexec_fn=_preexec(lim, jail is not None),
            )
        except OSError as exc:
            return ProcResult(
                args, 127, "", f"cannot run {args[0]}: {exc.strerror or exc}", 0.0, cwd=str(cwd), sandbox=how
            )
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
    return ProcResult(args, rc, stdout, stderr, seconds, timed_out, t1 or t2, cwd=str(cwd), sandbox=how)


def run_each(
    argvs: Sequence[Sequence[str | os.PathLike[str]]],
    *,
    cwd: str | os.PathLike[str],
    timeout: float,
    jail: Jail,
    env: Mapping[str, str] | None = None,
    limits: Limits | None = None,
) -> list[ProcResult]:
    """Run several commands one after another in one jail (one sandbox start instead of many).

    For work that shares a trust level, e.g. compiling each candidate alone: each command gets its
    own ``timeout`` (``timeout -s KILL`` inside the jail), output files and exit code; they share
    the writable directory and the rlimits of the jail.

    Returns:
        One :class:`ProcResult` per command, in order (``timed_out`` for a command that was killed).
    """
    if len(argvs) < 2:
        return [run(a, cwd=cwd, timeout=timeout, env=env, limits=limits, jail=jail) for a in argvs]
    lim = limits or Limits()
    jail.writable.mkdir(parents=True, exist_ok=True)
    box = str(
        jail.writable.resolve() / f".run-each-{secrets.token_hex(4)}-"
    )  # files the jailed uid can write
    lines = []
    for i, argv in enumerate(argvs):
        cmd = " ".join(shlex.quote(os.fspath(a)) for a in argv)
        lines.append(
            f"timeout -s KILL {timeout:.3f} {cmd} >{box}{i}.out 2>{box}{i}.err; echo $? >{box}{i}.rc"
        )
    start = time.monotonic()
    whole = run(
        ["/bin/sh", "-c", "\n".join(lines)],
        cwd=cwd,
        timeout=timeout * len(argvs) + 10,
        env=env,
        limits=lim,
        jail=jail,
    )
    per = (time.monotonic() - start) / len(argvs)
    out = []
    for i, argv in enumerate(argvs):
        args = [os.fspath(a) for a in argv]
        try:
            rc = int(Path(f"{box}{i}.rc").read_text().strip() or "137")
        except (OSError, ValueError):
            rc = -9
        texts = []
        for name in ("out", "err"):
            try:
                with open(f"{box}{i}.{name}", "rb") as f:
                    texts.append(_decode(f.read(lim.output_chars * 4 + 4), lim.output_chars))
            except OSError:
                texts.append(("", False))
        killed = rc in (124, 137) or (rc == -9 and whole.timed_out)
        out.append(
            ProcResult(
                args,
                rc,
                texts[0][0],
                texts[1][0],
                per,
                killed,
                texts[0][1] or texts[1][1],
                cwd=str(cwd),
                sandbox=whole.sandbox,
            )
        )
        for name in ("out", "err", "rc"):
            Path(f"{box}{i}.{name}").unlink(missing_ok=True)
    return out


@contextlib.contextmanager
def scratch_dir(
    prefix: str = "veriagent-", keep: bool = False, parent: str | os.PathLike[str] | None = None
) -> Iterator[Path]:
    """A fresh temporary directory, removed afterwards unless ``keep``."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


__all__ = [
    "Jail",
    "Limits",
    "ProcResult",
    "SandboxMissing",
    "allow_unsafe",
    "describe",
    "die_with_parent",
    "probe",
    "run",
    "run_each",
    "scratch_dir",
    "tool_env",
    "unsafe_allowed",
]
