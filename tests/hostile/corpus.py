"""Run the hostile corpus (tests/hostile/) and say, case by case, whether it was contained.

Used by tests/test_hostile.py (assertions) and benchmarks/hostile_corpus.py (counts).
A case is *contained* when: its (wrong) design is not passed, the correct and the constant-0
neighbours judged in the same call keep their verdicts, no file appears outside the judge's
scratch directory in the areas a test can see, and no process it started survives the run.
"""

from __future__ import annotations

import os
import random
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CANDIDATES = HERE / "candidates"
MODELS = HERE / "models"
REFERENCE = (HERE / "reference.v").read_text()
GOOD = REFERENCE
ZERO = REFERENCE.replace("assign maj = (a & b) | (a & c) | (b & c);", "assign maj = 1'b0;")
NEIGHBOURS = {"good_first": GOOD, "zero_first": ZERO, "good_last": GOOD, "zero_last": ZERO}
#: The only candidates that should pass.
SHOULD_PASS = {"good_first", "good_last"}


@dataclass
class Case:
    """What happened to one hostile case."""

    name: str
    passed: bool
    category: str | None
    reason: str
    escapes: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def forged(self) -> bool:
        return self.passed

    @property
    def contained(self) -> bool:
        return not self.passed and not self.escapes and not self.orphans


def candidate_names() -> list[str]:
    return sorted(p.stem for p in CANDIDATES.glob("*.v"))


def model_names() -> list[str]:
    return sorted(p.stem for p in MODELS.glob("*.py"))


def prepare_canary(canary: Path) -> None:
    """The directory outside every run that hostile cases try to read and write."""
    canary.mkdir(parents=True, exist_ok=True)
    (canary / "secret.vh").write_text("`define SECRET_OK 1'b1\n")
    (canary / "secret.txt").write_text("1\n")


def fill(text: str, canary: Path, mark: str = "0", port: int = 9) -> str:
    return text.replace("@CANARY@", str(canary)).replace("@MARK@", mark).replace("@PORT@", str(port))


def load_candidate(name: str, canary: Path) -> str:
    return fill((CANDIDATES / f"{name}.v").read_text(), canary)


def snapshot(roots: list[Path], *skip: Path) -> set[str]:
    """Every path under ``roots`` except under ``skip`` (the scratch and verdict directories)."""
    out: set[str] = set()
    for root in roots:
        if not root.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            if any(here == s or s in here.parents for s in skip):
                dirnames[:] = []
                continue
            for n in filenames + dirnames:
                p = here / n
                if p not in skip:
                    out.add(str(p))
    return out


def shallow(paths: list[Path]) -> set[str]:
    """Top-level entries of shared directories (/tmp, /var/tmp)."""
    out: set[str] = set()
    for d in paths:
        try:
            out |= {str(d / n) for n in os.listdir(d) if "hostile" in n or n.startswith("m2_")}
        except OSError:
            pass
    return out


def processes_with(needle: str) -> list[str]:
    """Command lines of live processes that contain ``needle``."""
    found = []
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if needle in cmd and state != "Z":
            found.append(f"{pid}: {cmd.strip()}")
    return found


def new_mark() -> str:
    return str(random.randrange(10**8, 10**9))


class Listener:
    """A TCP listener on the host that records whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._t.join(2)
        self.sock.close()


def iter_lines(path: Path) -> Iterator[str]:
    yield from path.read_text().splitlines()
