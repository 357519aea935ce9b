"""Dataset builders: suites, verified agent traces and Verilog folders -> chat-format JSONL splits.

Derived sources live next door: ``repair_data`` (mutants, compile edits, notations), ``roundtrip``
(model descriptions kept when they rebuild the reference) and ``consensus`` (agent runs verified by
agreeing reference models, no judge).

Every sample is ``{"messages": [{role, content}...], "problem": id, "source": ..., "split": ...,
"kind": "spec2rtl" | "repair", "category": ...}``. The builders count what they keep and what they
drop, by reason; a leakage guard drops anything close to a held-out suite; the split into train and
validation is by problem (or by category), never by sample. The output directory holds
``train.jsonl``, ``validation.jsonl`` (loadable with ``datasets.load_dataset("json", ...)``),
optionally Parquet copies, and ``manifest.json`` (counts, options, data hash).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

from veriagent.errors import BadInput
from veriagent.train.dedup import NearDupIndex, code_hash

if TYPE_CHECKING:
    from veriagent.llm.base import ChatBackend
    from veriagent.train.roundtrip import RoundTrip

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You are an expert digital designer. Write synthesizable Verilog that meets the specification "
    "exactly, with the module name and ports it requires. Reply with the complete design in one "
    "```verilog code block."
)
REPAIR_INSTRUCTION = (
    "Fix the design. Keep the module name and port list. Reply with the complete corrected design."
)
VERILOG_SUFFIXES = (".v", ".sv")
MAX_SOURCE_CHARS = 40_000

Kind = Literal["spec2rtl", "repair"]
DERIVED = ("mutants", "compile-edits", "notations")
"""Sources derived from a suite's references with the tools alone (``--derive``; ``all`` is these)."""
MODEL_DERIVED = ("roundtrip",)
"""Derived sources that also need a model (``--derive roundtrip --spec-model SPEC``)."""


class Sample(BaseModel):
    """One chat-format training sample."""

    messages: list[dict[str, str]]
    problem: str
    source: str
    split: str = ""
    kind: Kind = "spec2rtl"
    category: str = ""
    detail: str = ""
    """What made it: ``functional:<mutation kind>``, ``compile:<diagnostics category>``, ``notation:<style>``.
    """
    _spec: str = PrivateAttr("")

    @property
    def target(self) -> str:
        """The assistant reply (what the model learns to write)."""
        return self.messages[-1]["content"]

    @property
    def spec(self) -> str:
        """The spec the sample was made from (for the leakage guard; not written to the JSONL)."""
        return self._spec

    def set_spec(self, spec: str) -> Sample:
        """Remember the spec the sample was made from; returns the sample."""
        self._spec = spec
        return self

    def record(self) -> dict[str, Any]:
        """The sample with its spec, for caches (``from_record`` reads it back)."""
        return {**self.model_dump(), "_spec": self._spec}

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Sample:
        """A sample from :meth:`record`."""
        rec = dict(rec)
        spec = str(rec.pop("_spec", ""))
        return cls.model_validate(rec).set_spec(spec)


class SourceCounts(BaseModel):
    """What one input (a suite, a traces dir, a Verilog folder) gave."""

    source: str
    kept: int = 0
    dropped: dict[str, int] = Field(default_factory=dict)

    def drop(self, reason: str, n: int = 1) -> None:
        """Count ``n`` samples dropped for ``reason``."""
        self.dropped[reason] = self.dropped.get(reason, 0) + n


class BuildOptions(BaseModel):
    """Inputs and knobs of :func:`build_dataset`."""

    suites: list[Path] = Field(default_factory=list)
    traces: list[Path] = Field(default_factory=list)
    verilog_dirs: list[Path] = Field(default_factory=list)
    held_out: list[Path] = Field(default_factory=list)
    out: Path = Path("data/veriagent-sft")
    val_fraction: float = Field(0.1, ge=0.0, lt=1.0)
    seed: int = 1
    split_by: Literal["problem", "category"] = "problem"
    spec_model: str | None = None
    repair_pairs: bool = True
    allow_lint_warnings: bool = False
    consensus: bool = False
    """Also keep ``--traces`` runs no judge saw that the agent verified by the agreement of two or more
    independent reference models (``veriagent.train.consensus``; source ``consensus:<dir>``)."""
    near_dup_threshold: float = Field(0.9, gt=0.0, le=1.0)
    derive: list[Literal["mutants", "compile-edits", "notations", "roundtrip"]] = Field(default_factory=list)
    """Samples derived from each suite's references (``veriagent.train.repair_data``; ``roundtrip``:
    ``veriagent.train.roundtrip`` with ``spec_model``)."""
    cache: Path | None = None
    """Per-problem cache of derived samples (default: ``<out>/.cache``)."""
    formats: list[Literal["jsonl", "parquet"]] = Field(
        default_factory=lambda: list[Literal["jsonl", "parquet"]](["jsonl"])
    )

    @classmethod
    def from_cli(
        cls,
        *,
        suites: Sequence[Path] | None,
        traces: Sequence[Path] | None,
        verilog_dirs: Sequence[Path] | None,
        split_by: str,
        parquet: bool,
        derive: Sequence[str] | None = None,
        **kw: Any,
    ) -> BuildOptions:
        """Options from command-line values (``derive``: names, comma-separated lists or ``all``).

        Raises:
            BadInput: a value is out of range (e.g. ``--split-by``, ``--val-fraction``, ``--derive``).
        """
        if split_by not in ("problem", "category"):
            raise BadInput(f"--split-by must be problem or category, not {split_by!r}")
        kinds: list[str] = []
        for item in derive or []:
            for k in (x.strip() for x in item.split(",") if x.strip()):
                new = list(DERIVED) if k == "all" else [k]
                if any(n not in DERIVED + MODEL_DERIVED for n in new):
                    raise BadInput(
                        f"--derive must be one of {', '.join(DERIVED + MODEL_DERIVED)} or all, not {k!r}"
                    )
                kinds += [n for n in new if n not in kinds]
        try:
            return cls(
                suites=list(suites or []),
                traces=list(traces or []),
                verilog_dirs=list(verilog_dirs or []),
                derive=kinds,  # checked above
                split_by=split_by,  # checked above
                formats=["jsonl", "parquet"] if parquet else ["jsonl"],
                **kw,
            )
        except ValueError as exc:
            errs: list[Any] = getattr(exc, "errors", lambda: [])()
            where = ".".join(str(x) for x in errs[0]["loc"]) if errs else ""
            msg = errs[0]["msg"] if errs else str(exc)
            raise BadInput(f"{where.replace('_', '-')}: {msg}") from None


class BuildReport(BaseModel):
    """What :func:`build_dataset` wrote, with counts kept/dropped by reason."""

    out: str
    sources: list[SourceCounts]
    leakage: dict[str, int] = Field(default_factory=dict)
    duplicates: int = 0
    train_samples: int = 0
    validation_samples: int = 0
    train_problems: int = 0
    validation_problems: int = 0
    data_hash: str = ""
    files: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    held_out_suites: list[str] = Field(default_factory=list)
    split_by: str = "problem"
    near_dup_threshold: float = 0.9


# --------------------------------------------------------------------------------------------------
# Message formatting
# --------------------------------------------------------------------------------------------------


def fence(rtl: str) -> str:
    """``rtl`` in a ```verilog fence (the reply format the agent extracts code from)."""
    return "```verilog\n" + rtl.strip() + "\n```"


def agent_draft_prompt(
    spec: str, top: str | None = None, interface_header: str | None = None
) -> tuple[str, str] | None:
    """(system, user) exactly as the agent's first draft asks for a design, or None without an interface.

    Training on the agent's own prompt makes the fine-tuned model see at inference what it saw in training.
    """
    try:
        from veriagent.agent import prompts
        from veriagent.agent.spec import interface_from_spec

        iface = interface_from_spec(spec, top, interface_header)
        if iface is None:
            return None
        return prompts.render("system").strip(), prompts.render(
            "draft", spec=spec, **prompts.interface_context(iface)
        )
    except Exception as exc:  # a spec the agent cannot parse still makes a sample (plain prompt)
        log.debug("no agent prompt for this spec: %s", exc)
        return None


def spec_messages(
    spec: str, rtl: str, interface_header: str | None = None, top: str | None = None
) -> list[dict[str, str]]:
    """Chat messages teaching spec -> RTL, in the agent's draft-prompt format when the spec gives an
    interface.
    """
    agent = agent_draft_prompt(spec, top, interface_header)
    if agent is not None:
        system, user = agent
    else:
        system, user = SYSTEM_PROMPT, spec.strip()
        if interface_header:
            user += "\n\nUse this module header:\n```verilog\n" + interface_header.strip() + "\n```"
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": user},
        {"role": "assistant", "content": fence(rtl)},
    ]


def repair_messages(spec: str, failing: str, feedback: str, fixed: str) -> list[dict[str, str]]:
    """Chat messages teaching (spec, failing RTL, tool feedback) -> fixed RTL."""
    user = (
        f"{spec.strip()}\n\nThis design does not work yet:\n{fence(failing)}\n\n"
        f"Feedback from the tools:\n{feedback.strip()}\n\n{REPAIR_INSTRUCTION}"
    )
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": user},
        {"role": "assistant", "content": fence(fixed)},
    ]


def _target_code(sample: Sample) -> str:
    text = sample.target
    m = re.search(r"```(?:verilog|systemverilog|sv|v)?\s*\n(.*?)```", text, re.S)
    return m.group(1) if m else text


# --------------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------------


def suite_samples(path: Path) -> tuple[list[Sample], SourceCounts]:
    """Spec -> reference pairs of every problem of the suite at ``path``.

    Args:
        path: any suite :func:`veriagent.bench.suite.load_suite` reads.

    Returns:
        The samples and the counts (problems without a readable reference are dropped).

    Raises:
        BadInput: ``path`` is not a suite.
    """
    from veriagent.bench.suite import load_suite

    suite = load_suite(path)
    counts = SourceCounts(source=f"suite:{suite.name}")
    out: list[Sample] = []
    for p in suite.problems:
        if p.ref_path is None or not p.ref_path.is_file():
            counts.drop("no-reference")
            continue
        rtl = p.ref_path.read_text(encoding="utf-8", errors="replace")
        if p.ref_top and p.ref_top != p.top:
            rtl = re.sub(r"\bmodule\s+" + re.escape(p.ref_top) + r"\b", f"module {p.top}", rtl)
        out.append(
            Sample(
                messages=spec_messages(p.spec, rtl, p.interface_header, p.top),
                problem=p.id,
                source=counts.source,
                category=p.category,
            ).set_spec(p.spec)
        )
        counts.kept += 1
    return out, counts


def _read_trace(path: Path) -> list[dict[str, Any]]:
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip():
            events.append(json.loads(line))
    return events


REPAIR_PURPOSES = ("repair-check", "repair-tests")
"""The agent's repair requests (``llm`` events): their prompt shows the design being repaired."""
_CURRENT_CODE = re.compile(r"Current code:\n```verilog\n(.*?)\n```", re.S)


def _current_code(event: dict[str, Any]) -> str | None:
    """The design a repair request (an ``llm`` trace event) asked the model to fix."""
    users = [m.get("content", "") for m in event.get("messages", []) if m.get("role") == "user"]
    m = _CURRENT_CODE.search(users[-1]) if users else None
    return m.group(1) if m else None


def run_design(run: Path, events: list[dict[str, Any]], problem: Any = None) -> tuple[str, str, str] | str:
    """(spec, final design, problem id) of the agent run in ``run``, or why not (``no-spec``,
    ``no-final-rtl``); the id is the trace's, else ``problem``, else the directory name."""
    start: dict[str, Any] = next((e for e in events if e.get("event") == "start"), {})
    result: dict[str, Any] = next((e for e in reversed(events) if e.get("event") == "result"), {})
    spec = start.get("spec")
    if not isinstance(spec, str) or not spec.strip():
        return "no-spec"
    final = result.get("rtl")
    if not isinstance(final, str) and (run / "design.v").is_file():
        final = (run / "design.v").read_text(encoding="utf-8", errors="replace")
    if not isinstance(final, str) or "module" not in final:
        return "no-final-rtl"
    return spec, final, str(start.get("problem_id") or problem or run.name)


def run_samples(
    events: list[dict[str, Any]],
    spec: str,
    final: str,
    problem: str,
    source: str,
    *,
    repair_pairs: bool = True,
    detail: str = "",
) -> list[Sample]:
    """Spec -> ``final`` and (with ``repair_pairs``) the run's repair steps that led to ``final``.

    A repair pair is (the design a repair request showed the model + the feedback the agent wrote
    about it) -> the candidate that request produced, made when that candidate is the final design.
    The design repaired is read from the request's prompt (``Current code:``), not guessed from the
    iteration numbers: the loop may repair the best design rather than the latest.
    """
    start: dict[str, Any] = next((e for e in events if e.get("event") == "start"), {})
    top = start.get("top") if isinstance(start.get("top"), str) else None
    out = [
        Sample(
            messages=spec_messages(spec, final, top=top), problem=problem, source=source, detail=detail
        ).set_spec(spec)
    ]
    if not repair_pairs:
        return out
    final_hash = code_hash(final)
    feedback: list[str] = []
    base: str | None = None
    for e in events:
        kind = e.get("event")
        if kind == "feedback" and isinstance(e.get("text"), str):
            feedback.append(e["text"])
        elif kind == "llm" and e.get("purpose") in REPAIR_PURPOSES:
            base = _current_code(e) or base
        elif kind == "candidate" and isinstance(e.get("rtl"), str):
            fixed = e["rtl"]
            if base is not None and feedback and code_hash(fixed) == final_hash != code_hash(base):
                out.append(
                    Sample(
                        messages=repair_messages(spec, base, "\n\n".join(feedback), fixed),
                        problem=problem,
                        source=source,
                        kind="repair",
                        detail=detail,
                    ).set_spec(spec)
                )
            feedback, base = [], None
    return out


def trace_samples(root: Path, *, repair_pairs: bool = True) -> tuple[list[Sample], SourceCounts]:
    """Spec -> final RTL (and repair pairs) from the agent runs under ``root`` the judge passed.

    A run is a directory holding ``trace.jsonl``; it is used only when a ``judge.json`` next to it
    says ``passed: true`` (the hidden-reference judge, not the agent's own tests). Repair pairs: see
    :func:`run_samples`. Runs without a judge: :func:`veriagent.train.consensus.consensus_samples`.

    Args:
        root: a run dir, a ``runs/`` dir, or a bench traces dir (searched recursively).
        repair_pairs: also emit repair pairs.

    Returns:
        The samples and the counts by reason (no-judge, judge-failed, bad-trace, no-spec, no-final-rtl).

    Raises:
        BadInput: ``root`` does not exist.
    """
    if not root.exists():
        raise BadInput(f"traces dir {root} does not exist")
    counts = SourceCounts(source=f"traces:{root}")
    out: list[Sample] = []
    for trace in sorted(root.rglob("trace.jsonl")):
        run = trace.parent
        judge_file = run / "judge.json"
        if not judge_file.is_file():
            counts.drop("no-judge")
            continue
        try:
            verdict = json.loads(judge_file.read_text(encoding="utf-8"))
            events = _read_trace(trace)
        except (json.JSONDecodeError, UnicodeDecodeError, OSError):
            counts.drop("bad-trace")
            continue
        if verdict.get("passed") is not True:
            counts.drop("judge-failed")
            continue
        parts = run_design(run, events, verdict.get("problem"))
        if isinstance(parts, str):
            counts.drop(parts)
            continue
        spec, final, problem = parts
        got = run_samples(events, spec, final, problem, f"traces:{root}", repair_pairs=repair_pairs)
        out += got
        counts.kept += len(got)
    return out, counts


SpecWriter = Callable[[str, str], str | None]
"""(module name, source) -> a spec in natural language, or None when it could not be written."""


def llm_spec_writer(model_spec: str) -> SpecWriter:
    """A :data:`SpecWriter` asking the model ``model_spec`` (CodeV-style spec-from-code).

    Args:
        model_spec: a model spec for :func:`veriagent.llm.registry.get_backend`.

    Returns:
        The writer; it returns None when the model fails or replies with nothing usable.
    """
    from veriagent.llm.base import GenParams, LLMError, Message
    from veriagent.llm.registry import get_backend

    backend = get_backend(model_spec)
    template = prompt_template("spec_from_code.j2")

    def write(module: str, source: str) -> str | None:
        prompt = template.render(module=module, source=source.strip())
        try:
            reply = backend.chat([Message("user", prompt)], GenParams(temperature=0.0, max_tokens=700))
        except LLMError as exc:
            log.info("spec writer failed for %s: %s", module, exc)
            return None
        text = strip_code_blocks(reply.text)  # the spec must not carry code
        return text if len(text) >= 40 else None

    return write


def prompt_template(name: str) -> Any:
    """The Jinja template ``prompts/<name>`` (strict: a missing value is an error)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from veriagent.resources import prompts_dir

    env = Environment(
        loader=FileSystemLoader(str(prompts_dir())), undefined=StrictUndefined, keep_trailing_newline=True
    )
    return env.get_template(name)


def strip_code_blocks(text: str) -> str:
    """``text`` without its fenced code blocks, stripped."""
    return re.sub(r"```.*?```", "", text.strip(), flags=re.S).strip()


def header_spec(module: str, header: str, source: str) -> str:
    """A plain spec from a module's header and its leading comment (when no spec model is given)."""
    comment = re.match(r"\s*((?://[^\n]*\n\s*)+|/\*.*?\*/)", source, re.S)
    about = ""
    if comment:
        about = re.sub(r"^\s*(//+|/\*+|\*+/?)\s?", "", comment.group(1), flags=re.M).strip()
    text = f"Implement a Verilog module named `{module}` with this interface:\n\n```verilog\n{header}\n```\n"
    if about:
        text += f"\nDescription from the original author:\n{about}\n"
    return text


def _check_ok(path: Path, allow_warnings: bool) -> str | None:
    """None if ``path`` compiles (and lints clean), else the drop reason."""
    from veriagent.hdl.check import check_files

    res = check_files([path], tools=("iverilog", "verilator")).simulator_limits_as_errors()
    if res.errors:
        return "compile-error"
    if res.warnings and not allow_warnings:
        return "lint-warning"
    return None


def verilog_dir_samples(
    root: Path,
    *,
    spec_writer: SpecWriter | None = None,
    allow_lint_warnings: bool = False,
    threshold: float = 0.9,
) -> tuple[list[Sample], SourceCounts]:
    """Samples from a folder of Verilog files: deduplicated, compiling and lint-clean.

    Order of filters (cheap first): unreadable/too-long, no-module, duplicate-exact (same code after
    removing comments, whitespace and renaming identifiers), duplicate-near (token-shingle Jaccard >=
    ``threshold``), compile-error / lint-warning, spec-failed (the spec model gave nothing).

    Args:
        root: folder searched recursively for ``*.v`` and ``*.sv``.
        spec_writer: writes the spec from the code; None builds a plain spec from the module header.
        allow_lint_warnings: keep files with lint warnings (errors always drop).
        threshold: Jaccard threshold for near duplicates.

    Returns:
        The samples (problem id ``file:<relative path>``) and counts.

    Raises:
        BadInput: ``root`` is not a directory or holds no Verilog file.
    """
    from veriagent.hdl.interface import extract_interfaces

    if not root.is_dir():
        raise BadInput(f"verilog dir {root} is not a directory")
    files = sorted(p for p in root.rglob("*") if p.suffix in VERILOG_SUFFIXES and p.is_file())
    if not files:
        raise BadInput(f"no Verilog files (*.v, *.sv) under {root}")
    counts = SourceCounts(source=f"verilog-dir:{root}")
    index = NearDupIndex(threshold=threshold)
    out: list[Sample] = []
    for f in files:
        rel = f.relative_to(root).as_posix()
        try:
            source = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            counts.drop("unreadable")
            continue
        if len(source) > MAX_SOURCE_CHARS:
            counts.drop("too-long")
            continue
        try:
            ifaces = extract_interfaces(source, filename=f.name)
        except Exception:  # pyslang failing on garbage is a property of the file
            ifaces = []
        if not ifaces:
            counts.drop("no-module")
            continue
        dup = index.match(source)
        if dup is not None:
            counts.drop(f"duplicate-{dup[0]}")
            continue
        index.add(rel, source)
        reason = _check_ok(f, allow_lint_warnings)
        if reason:
            counts.drop(reason)
            continue
        top = ifaces[-1]
        spec = (
            spec_writer(top.module, source) if spec_writer else header_spec(top.module, top.header(), source)
        )
        if not spec:
            counts.drop("spec-failed")
            continue
        out.append(
            Sample(
                messages=spec_messages(spec, source, top=top.module),
                problem=f"file:{rel}",
                source=counts.source,
                category="verilog-dir",
            ).set_spec(spec)
        )
        counts.kept += 1
    return out, counts


# --------------------------------------------------------------------------------------------------
# Leakage guard and split
# --------------------------------------------------------------------------------------------------


def _norm_id(problem: str) -> str:
    bare = re.split(r"[/:]", problem)[-1]
    bare = re.sub(r"\.(s?v)$", "", bare.lower())
    return re.sub(r"[^a-z0-9]", "", bare)


class LeakageGuard:
    """Refuses samples close to a held-out suite: same problem id, (near-)identical code or spec."""

    def __init__(self, suites: Sequence[Path] = (), threshold: float = 0.9) -> None:
        """Index the problem ids, reference designs and specs (every notation) of ``suites``.

        Raises:
            BadInput: a path is not a suite.
        """
        from veriagent.bench.suite import load_suite

        self.ids: set[str] = set()
        self.index = NearDupIndex(threshold=threshold)
        self.specs = NearDupIndex(threshold=threshold, text=True)
        self.suites: list[str] = []
        for path in suites:
            suite = load_suite(Path(path))
            self.suites.append(f"{suite.name}@{suite.content_hash[:12]}")
            for p in suite.problems:
                self.ids.add(_norm_id(p.id))
                if p.ref_path is not None and p.ref_path.is_file():
                    self.index.add(p.id, p.ref_path.read_text(encoding="utf-8", errors="replace"))
                self.specs.add(p.id, p.spec)
                if p.path.is_dir():
                    for f in sorted(p.path.glob("spec.*.md")):
                        self.specs.add(f"{p.id}:{f.name}", f.read_text(encoding="utf-8", errors="replace"))

    def add_code(self, key: str, source: str) -> None:
        """Also refuse code close to ``source`` (used for self-training's validation problems)."""
        self.index.add(key, source)

    def reason(self, sample: Sample) -> str | None:
        """Why ``sample`` must be dropped (``held-out-id``, ``held-out-code-exact|near``,
        ``held-out-spec-exact|near``), or None."""
        if _norm_id(sample.problem) in self.ids:
            return "held-out-id"
        if len(self.index):
            hit = self.index.match(_target_code(sample))
            if hit:
                return f"held-out-code-{hit[0]}"
        if len(self.specs) and sample.spec.strip():
            hit = self.specs.match(sample.spec)
            if hit:
                return f"held-out-spec-{hit[0]}"
        return None


def _rank(key: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def split_samples(
    samples: Sequence[Sample], val_fraction: float, seed: int, by: Literal["problem", "category"] = "problem"
) -> tuple[list[Sample], list[Sample]]:
    """Split by problem (or category): all samples of one group land on the same side.

    Groups are ordered by sha256(seed:group) and the first ``round(n * val_fraction)`` (at least one
    when ``val_fraction > 0`` and there are two groups or more) go to validation.

    Returns:
        (train, validation), each sample's ``split`` set.
    """

    def key(s: Sample) -> str:
        return (s.category or "uncategorised") if by == "category" else s.problem

    groups = sorted({key(s) for s in samples}, key=lambda g: _rank(g, seed))
    n_val = round(len(groups) * val_fraction)
    if val_fraction > 0 and n_val == 0 and len(groups) >= 2:
        n_val = 1
    val_groups = set(groups[:n_val])
    train, val = [], []
    for s in samples:
        if key(s) in val_groups:
            val.append(s.model_copy(update={"split": "validation"}))
        else:
            train.append(s.model_copy(update={"split": "train"}))
    return train, val


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


def write_jsonl(path: Path, samples: Iterable[Sample]) -> int:
    """Write samples as JSON lines; returns the count."""
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for s in samples:
            f.write(json.dumps(s.model_dump(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[Sample]:
    """Read samples written by :func:`write_jsonl`.

    Raises:
        BadInput: the file is missing or not sample JSON lines.
    """
    if not path.is_file():
        raise BadInput(f"{path} not found")
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(Sample.model_validate_json(line))
        except ValueError:
            raise BadInput(f"{path}:{i}: not a training sample (messages/problem/source)") from None
    return out


def data_hash(paths: Sequence[Path]) -> str:
    """sha256 over the files' bytes (names included), the dataset's identity in model cards."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _dedup(samples: list[Sample]) -> tuple[list[Sample], int]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for s in samples:
        k = (s.problem, s.kind, hashlib.sha256(json.dumps(s.messages[1:]).encode()).hexdigest())
        if k in seen:
            continue
        seen.add(k)
        out.append(s)
    return out, len(samples) - len(out)


def write_dataset(
    out: Path,
    train: Sequence[Sample],
    val: Sequence[Sample],
    formats: Sequence[str] = ("jsonl",),
    manifest: dict[str, Any] | None = None,
) -> tuple[list[Path], str]:
    """Write the splits (+ Parquet copies) and ``manifest.json``; returns (files, data hash)."""
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "train.jsonl", out / "validation.jsonl"]
    write_jsonl(files[0], train)
    write_jsonl(files[1], val)
    digest = data_hash(files)
    if "parquet" in formats:
        from datasets import Dataset  # type: ignore[attr-defined]  # datasets does not re-export Dataset in its stubs

        for name, rows in (("train", train), ("validation", val)):
            Dataset.from_list([s.model_dump() for s in rows]).to_parquet(str(out / f"{name}.parquet"))
            files.append(out / f"{name}.parquet")
    meta = dict(manifest or {})
    meta.update(
        {
            "data_hash": digest,
            "files": [f.name for f in files],
            "train_samples": len(train),
            "validation_samples": len(val),
            "train_problems": sorted({s.problem for s in train}),
            "validation_problems": sorted({s.problem for s in val}),
        }
    )
    (out / "manifest.json").write_text(json.dumps(meta, indent=2, default=str) + "\n", encoding="utf-8")
    return files, digest


def default_suite() -> Path:
    """The built-in suite's directory (datasets/hdlbits-style).

    Raises:
        BadInput: it is not shipped with this installation.
    """
    from veriagent.resources import builtin_suite_dir

    path = builtin_suite_dir()
    if path is None:
        raise BadInput("the built-in suite (datasets/hdlbits-style) is not available; pass --suite PATH")
    return path


def _roundtrip_maker(opts: BuildOptions, backend: ChatBackend | None) -> RoundTrip | None:
    """The ``--derive roundtrip`` maker (its rebuild runs kept in the cache), or None when not asked for."""
    if "roundtrip" not in opts.derive:
        return None
    from veriagent.train.roundtrip import RoundTrip

    cache = opts.cache or opts.out / ".cache"
    return RoundTrip(opts.spec_model, backend=backend, runs_dir=cache / "roundtrip-runs")


def build_dataset(
    opts: BuildOptions, *, spec_writer: SpecWriter | None = None, roundtrip_backend: ChatBackend | None = None
) -> BuildReport:
    """Build train/validation files from suites, verified traces and Verilog folders.

    Args:
        opts: inputs, held-out suites, split and output options. With no input at all the
            built-in suite is used.
        spec_writer: overrides ``opts.spec_model`` for ``--verilog-dir`` specs (tests).
        roundtrip_backend: overrides ``opts.spec_model`` for ``--derive roundtrip`` (tests).

    Returns:
        The :class:`BuildReport` (also written as ``manifest.json``).

    Raises:
        BadInput: an input is missing or unusable, or nothing is left to train on.
    """
    t0 = time.monotonic()
    suites = list(opts.suites)
    if not (suites or opts.traces or opts.verilog_dirs):
        suites = [default_suite()]
    if opts.derive and not suites:
        raise BadInput(
            "--derive makes samples from a suite's references: add --suite PATH (or give no input "
            "for the built-in suite)"
        )
    if opts.consensus and not opts.traces:
        raise BadInput("--consensus reads the agent runs under --traces DIR: add --traces")
    roundtrip = _roundtrip_maker(opts, roundtrip_backend)
    guard = LeakageGuard(opts.held_out, threshold=opts.near_dup_threshold)
    samples: list[Sample] = []
    sources: list[SourceCounts] = []
    categories: dict[str, str] = {}
    for path in suites:
        got, counts = suite_samples(Path(path))
        categories.update({s.problem: s.category for s in got})
        samples += got
        sources.append(counts)
        if opts.derive:
            from veriagent.train.repair_data import derived_samples

            got, derived_counts = derived_samples(
                Path(path),
                list(opts.derive),
                cache=opts.cache or opts.out / ".cache",
                progress=log.info,
                roundtrip=roundtrip,
            )
            samples += got
            sources += derived_counts
    for path in opts.traces:
        got, counts = trace_samples(Path(path), repair_pairs=opts.repair_pairs)
        samples += got
        sources.append(counts)
        if opts.consensus:
            from veriagent.train.consensus import consensus_samples

            got, counts = consensus_samples(Path(path), repair_pairs=opts.repair_pairs)
            samples += got
            sources.append(counts)
    writer = spec_writer
    if writer is None and opts.spec_model and opts.verilog_dirs:
        writer = llm_spec_writer(opts.spec_model)
    for path in opts.verilog_dirs:
        got, counts = verilog_dir_samples(
            Path(path),
            spec_writer=writer,
            allow_lint_warnings=opts.allow_lint_warnings,
            threshold=opts.near_dup_threshold,
        )
        samples += got
        sources.append(counts)
    for s in samples:  # traces know their problem id but not its category
        if not s.category:
            s.category = categories.get(s.problem, "uncategorised")
    by_source = {c.source: c for c in sources}
    leak: Counter[str] = Counter()
    kept: list[Sample] = []
    for s in samples:
        reason = guard.reason(s)
        if reason:
            leak[reason] += 1
            by_source[s.source].kept -= 1
            by_source[s.source].drop(reason)
        else:
            kept.append(s)
    kept, dups = _dedup(kept)
    if not kept:
        raise BadInput("no training samples left after filtering (see the counts with -v); nothing written")
    train, val = split_samples(kept, opts.val_fraction, opts.seed, opts.split_by)
    report = BuildReport(
        out=str(opts.out),
        sources=sources,
        leakage=dict(leak),
        duplicates=dups,
        train_samples=len(train),
        validation_samples=len(val),
        train_problems=len({s.problem for s in train}),
        validation_problems=len({s.problem for s in val}),
    )
    manifest = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": json.loads(opts.model_dump_json()),
        "held_out_suites": guard.suites,
        "counts": [c.model_dump() for c in sources],
        "leakage": dict(leak),
        "duplicates": dups,
    }
    files, digest = write_dataset(opts.out, train, val, opts.formats, manifest)
    report.data_hash = digest
    report.files = [str(f) for f in files]
    report.seconds = round(time.monotonic() - t0, 2)
    report.held_out_suites = guard.suites
    report.split_by = opts.split_by
    report.near_dup_threshold = opts.near_dup_threshold
    (opts.out / "README.md").write_text(dataset_card(report, train, val), encoding="utf-8")
    log.info("dataset %s: %d train / %d validation samples", opts.out, len(train), len(val))
    return report


def _count_table(title: str, rows: dict[str, tuple[int, int]]) -> list[str]:
    out = [f"| {title} | train | validation |", "|---|---:|---:|"]
    out += [f"| {k} | {a} | {b} |" for k, (a, b) in sorted(rows.items())]
    return out


def dataset_card(report: BuildReport, train: Sequence[Sample], val: Sequence[Sample]) -> str:
    """The dataset card (``README.md`` of the output): sources, counts per source/kind/category,
    decontamination.
    """

    def by(key: Callable[[Sample], str]) -> dict[str, tuple[int, int]]:
        a, b = Counter(key(s) for s in train), Counter(key(s) for s in val)
        return {k: (a.get(k, 0), b.get(k, 0)) for k in sorted(set(a) | set(b))}

    lines = [
        "---",
        "tags: [veriagent, verilog, sft]",
        "---",
        "# veriagent SFT dataset",
        "",
        "Generated by `veriagent data build`; every sample's target is a design the tools verified "
        "(a suite's reference, or a judge-passed agent run"
        + (
            "; `consensus:` sources: agent runs no judge saw, verified by the agreement of at least two "
            "independent reference models"
            if any(c.source.startswith("consensus:") for c in report.sources)
            else ""
        )
        + f"). Split by {report.split_by}: no {report.split_by} is on both sides.",
        "",
        f"- train: {report.train_samples} samples / {report.train_problems} problems",
        f"- validation: {report.validation_samples} samples / {report.validation_problems} problems",
        f"- data hash (sha256 of the JSONL files): `{report.data_hash}`",
        "",
        "## Sources",
        "",
        "| source | kept | dropped (reason: count) |",
        "|---|---:|---|",
    ]
    for c in report.sources:
        dropped = ", ".join(f"{k}: {v}" for k, v in sorted(c.dropped.items())) or "-"
        lines.append(f"| {c.source} | {c.kept} | {dropped} |")
    lines += ["", f"Identical samples dropped once: {report.duplicates}.", ""]
    lines += [*_count_table("source type", by(lambda s: s.source.split(":", 1)[0])), ""]
    lines += [*_count_table("kind", by(lambda s: s.kind)), ""]
    lines += [*_count_table("detail", by(lambda s: s.detail or s.kind)), ""]
    lines += [*_count_table("problem category", by(lambda s: s.category or "uncategorised")), ""]
    lines += ["## Decontamination", ""]
    if report.held_out_suites:
        total = sum(report.leakage.values())
        lines += [
            f"Held-out suites: {', '.join(f'`{x}`' for x in report.held_out_suites)}.",
            "Each sample was checked against them by problem id, by its target code (exact canonical "
            f"hash and MinHash near-duplicate, Jaccard >= {report.near_dup_threshold:g}) and by its spec "
            "(every notation; exact and near-duplicate on word 5-grams).",
            f"Dropped: {total} "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(report.leakage.items())) or 'none'}); "
            "samples left that match a held-out suite: 0.",
        ]
    else:
        lines.append("No held-out suite was given (`--held-out`): no decontamination was done.")
    return "\n".join(lines) + "\n"


def render_report(report: BuildReport) -> Any:
    """A rich table of what was kept and dropped, by source and reason, and the split."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table("source", "kept", "dropped", "reason", title="veriagent data build")
    for c in report.sources:
        reasons = sorted(c.dropped.items()) or [("", 0)]
        for i, (reason, n) in enumerate(reasons):
            table.add_row(
                c.source if i == 0 else "",
                str(c.kept) if i == 0 else "",
                str(n) if reason else "0",
                reason or "-",
            )
    if report.duplicates:
        table.add_row("(all)", "", str(report.duplicates), "duplicate-sample")
    summary = Text(
        f"train: {report.train_samples} samples / {report.train_problems} problems   "
        f"validation: {report.validation_samples} samples / {report.validation_problems} problems\n"
        f"leakage guard dropped: {sum(report.leakage.values())} "
        f"({', '.join(f'{k}={v}' for k, v in sorted(report.leakage.items())) or 'none'})\n"
        f"data hash: {report.data_hash}\nwritten: {', '.join(report.files)} (+ manifest.json) in "
        f"{report.seconds:.1f}s"
    )
    return Group(table, summary)
