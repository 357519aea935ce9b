"""The append-only results store of a bench run: ``<out>/results.jsonl``, one record per line.

Each record is appended under a file lock, flushed and fsync'd before the next unit is reported,
so a run killed at any point (Ctrl-C, ``kill -9``) loses at most the units still in flight. On
start the store reads what is there, drops a torn last line and tells the runner which units are
done; rerunning the same command resumes.

The driver is the only writer: judged code runs jailed and cannot reach the file, and the store
itself refuses a record whose key the driver did not schedule, and any duplicate key (naming it),
whether handed to :meth:`ResultStore.append` or found in the file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from filelock import FileLock
from pydantic import BaseModel, Field, ValidationError

from veriagent.bench.models import JudgeResult
from veriagent.errors import StoreError
from veriagent.sim.models import MismatchRow

log = logging.getLogger(__name__)

RESULTS_FILE = "results.jsonl"
JudgeName = Literal["equivalence", "suite", "user-tests"]
UnitKey = tuple[str, int, str]


class BenchRecord(BaseModel):
    """One judged unit: problem × sample × judge."""

    problem: str
    sample: int
    judge: str
    passed: bool
    category: str | None = None
    """Failure class (see ``FAILURE_CLASSES``); None when passed."""
    reason: str = ""
    seconds: float = 0.0
    """Judging time of this unit (its share of the batch it was judged in)."""
    mode: Literal["blind", "user-tests"] = "blind"
    """``user-tests`` when the suite's designer tests were available to the generator."""
    source: Literal["reference", "candidates", "generator"] = "candidates"
    model: str | None = None
    tokens: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_seconds: float = 0.0
    iterations: int = 0
    self_verified: bool = False
    interface_source: str | None = None
    """Generated units: the notation the agent read the interface from (``model``: proposed)."""
    problem_category: str = "misc"
    difficulty: str = "medium"
    spec_style: str = "default"
    """The spec the problem was given with: "default" (spec.md) or the style of spec.<style>.md."""
    diagnostic_category: str | None = None
    suite_category: str | None = None
    mismatches: dict[str, int] = Field(default_factory=dict)
    samples: int = 0
    first_mismatch_time: str | None = None
    window: list[MismatchRow] = Field(default_factory=list)
    candidate: str | None = None
    """Path of the candidate as judged (the copy under ``units/``)."""
    artifacts: str | None = None
    """The unit's artifact directory, relative to the run directory."""
    trace_dir: str | None = None
    seed: int = 1
    time: str = ""
    traceback: str | None = None
    sandbox: str = ""
    """How the judged code was confined: "bwrap", or "none (--unsafe-no-sandbox)"."""
    executor: str = "local"
    """Where the unit was judged: ``local`` (process pool) or ``ray``."""
    node: str | None = None
    """The node that judged it (host name with ``local``, Ray node id with ``ray``)."""

    @property
    def key(self) -> UnitKey:
        return (self.problem, self.sample, self.judge)

    @classmethod
    def from_judge(cls, res: JudgeResult, **extra: Any) -> BenchRecord:
        """A record from a judge verdict (every field the two models share) plus the runner's context."""
        shared = {name: getattr(res, name) for name in cls.model_fields if name in JudgeResult.model_fields}
        shared["seconds"] = round(res.seconds, 4)
        return cls(**shared, **extra)


class ResultStore:
    """Append-only JSONL of :class:`BenchRecord`, safe against torn writes and duplicates."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / RESULTS_FILE
        self.lock = FileLock(str(out_dir / (RESULTS_FILE + ".lock")))
        self.scheduled: set[UnitKey] | None = None
        """Keys the driver may append (None: any); set by :meth:`schedule`."""
        self._written: set[UnitKey] = set()

    def schedule(self, keys: Iterable[UnitKey]) -> None:
        """Accept only records with these keys from now on (the units this run will judge)."""
        self.scheduled = set(keys)

    def load(self) -> list[BenchRecord]:
        """All complete records; a torn last line is cut off the file (it was never acknowledged)."""
        if not self.path.exists():
            return []
        with self.lock:
            data = self.path.read_bytes()
            records: list[BenchRecord] = []
            seen: set[UnitKey] = set()
            dups: list[UnitKey] = []
            good_end = 0
            pos = 0
            while pos < len(data):
                nl = data.find(b"\n", pos)
                if nl < 0:  # no newline: a torn final write
                    break
                line = data[pos:nl]
                pos = nl + 1
                if line.strip():
                    try:
                        rec = BenchRecord.model_validate(json.loads(line))
                    except (ValueError, ValidationError):
                        if pos >= len(data):
                            break  # corrupt last line: treat as torn
                        log.warning("%s: skipping an unreadable record", self.path)
                        good_end = pos
                        continue
                    if rec.key in seen:
                        dups.append(rec.key)
                    seen.add(rec.key)
                    records.append(rec)
                good_end = pos
            if good_end < len(data):
                log.warning("%s: dropping a torn last line (%d bytes)", self.path, len(data) - good_end)
                with open(self.path, "r+b") as f:
                    f.truncate(good_end)
                    f.flush()
                    os.fsync(f.fileno())
        if dups:
            raise StoreError(
                f"{self.path} holds duplicate records for {_names(dups)}: it was written by "
                "something other than the bench driver; remove them or use another --out"
            )
        self._written = seen
        return records

    def done(self) -> set[UnitKey]:
        """Keys of the units already recorded."""
        return {r.key for r in self.load()}

    def append(self, records: Iterable[BenchRecord]) -> None:
        """Append records durably (lock, write, flush, fsync)."""
        records = list(records)
        if not records:
            return
        keys = [r.key for r in records]
        if self.scheduled is not None:
            stray = [k for k in keys if k not in self.scheduled]
            if stray:
                raise StoreError(f"refusing records that were not scheduled: {_names(stray)}")
        dups = [k for i, k in enumerate(keys) if k in self._written or k in keys[:i]]
        if dups:
            raise StoreError(f"refusing duplicate records for {_names(dups)}")
        lines = [r.model_dump_json() + "\n" for r in records]
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with self.lock, open(self.path, "ab") as f:
            size = f.tell()
            try:
                f.write("".join(lines).encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            except OSError:  # disk full: cut what was half-written, so the file holds whole records only
                f.truncate(size)
                raise
        self._written.update(keys)


def _names(keys: Sequence[UnitKey], limit: int = 5) -> str:
    """``problem/sample/judge`` of the first ``limit`` keys."""
    shown = ", ".join("/".join(str(x) for x in k) for k in list(dict.fromkeys(keys))[:limit])
    more = len(set(keys)) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def load_records(out_dir: Path) -> list[BenchRecord]:
    """Records of a finished or partial run directory (no duplicates, torn line ignored)."""
    return ResultStore(out_dir).load()
