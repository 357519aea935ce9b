"""Plain data models shared by the suite loaders, the judge, the runner, the agent and training.

A :class:`Problem` has two halves (see docs/architecture.md): ``spec`` and ``user_tests_dir`` are
what a designer gets and the only parts the agent may see (:meth:`Problem.designer_view`); the
reference and the suite's testbench are the judge's and never leave ``veriagent.bench``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

SuiteFormat = Literal["veriagent", "verilogeval-v2", "rtllm-v2"]

#: Failure classes of a judged candidate (``None`` category = passed).
FAILURE_CLASSES: dict[str, str] = {
    "compile-error": "The candidate does not compile (the diagnostic category says why).",
    "elaboration-error": "Compiles, but cannot be elaborated with the harness (e.g. bad parameter).",
    "port-mismatch": "Module name or ports differ from the required interface.",
    "timeout": "The simulation did not finish in time (infinite loop, zero-delay oscillation).",
    "runtime-error": "The simulator crashed or the harness failed while running.",
    "functional-mismatch": "Outputs differ from the reference on some sample.",
    "tool-limit": "The simulator does not support a construct the candidate uses (not a design bug).",
    "vacuous": "The reference output is unknown (X) for most samples: the problem cannot judge.",
    "no-code": "The candidate is empty, binary, or has no module.",
    "harness-error": "veriagent itself failed on this unit (traceback recorded).",
    "rejected": "Not run: the candidate contains verdict-like text a suite testbench's output is read for.",
    "dataset-bug": "Reference self-check only: the suite contradicts itself (its testbench rejects its own "
                   "reference, or they disagree on the interface).",
}
FailureClass = Literal[
    "compile-error",
    "elaboration-error",
    "port-mismatch",
    "timeout",
    "runtime-error",
    "functional-mismatch",
    "tool-limit",
    "vacuous",
    "no-code",
    "harness-error",
    "rejected",
    "dataset-bug",
]


class ClockSpec(BaseModel):
    name: str = "clk"
    edge: Literal["posedge", "negedge"] = "posedge"


class ResetSpec(BaseModel):
    name: str = "reset"
    active_low: bool = False
    synchronous: bool = True
    cycles: int = 2


class StimulusSpec(BaseModel):
    """How the judge drives the inputs."""

    cycles: int = 200
    """Random cycles (sequential) or random vectors (combinational) after the directed ones."""
    reset_cycles: int = 2
    """Cycles reset is held at the start (sequential)."""
    random_resets: bool = True
    """Also assert reset at a few random points."""
    one_hot: list[str] = Field(default_factory=list)
    """Inputs that must be one-hot."""
    stable: list[str] = Field(default_factory=list)
    """Inputs held stable for a whole run (e.g. configuration)."""
    ranges: dict[str, tuple[int, int]] = Field(default_factory=dict)
    """Inputs limited to an inclusive [lo, hi] range."""
    rare: dict[str, float] = Field(default_factory=dict)
    """1-bit inputs that are 1 with this probability per random cycle (a chip-select deasserted, an
    abort strobe): unlike ``stable`` they do change mid-run, unlike plain random inputs they leave
    room for long transactions between changes."""
    exhaustive_max_bits: int = 12
    """Combinational designs with at most this many input bits are tested exhaustively."""

    @field_validator("rare")
    @classmethod
    def _probabilities(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k, x in v.items() if not 0.0 < x < 1.0]
        if bad:
            raise ValueError(f"rare: probabilities must be between 0 and 1 (exclusive): {', '.join(bad)}")
        return v


class Problem(BaseModel):
    """One problem of a suite."""

    id: str
    title: str = ""
    category: str = "misc"
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    top: str = "top_module"
    """Module name the candidate must define."""
    spec: str
    """What a designer gets: the natural-language spec including the port list."""
    interface_header: str | None = None
    """An optional module header (code-completion variants)."""
    clock: ClockSpec | None = None
    reset: ResetSpec | None = None
    stimulus: StimulusSpec = Field(default_factory=StimulusSpec)
    tags: list[str] = Field(default_factory=list)
    suite_format: SuiteFormat = "veriagent"
    spec_style: str = "default"
    """Which spec file ``spec`` came from: "default" (spec.md) or the style of spec.<style>.md."""
    path: Path
    """Directory (or, for flat suites, the directory of the problem's files)."""
    ref_path: Path | None = None
    """Reference design: the judge's only."""
    ref_top: str | None = None
    """Module name of the reference as written in ``ref_path``."""
    testbench_path: Path | None = None
    """The suite's own judging testbench: the judge's only."""
    tb_data_files: list[Path] = Field(default_factory=list)
    """Files the suite testbench reads, copied next to the simulation."""
    user_tests_dir: Path | None = None
    """cocotb tests meant for the designer (``user-tests`` mode)."""

    @property
    def sequential(self) -> bool:
        return self.clock is not None

    def designer_view(self) -> DesignerView:
        """The only view of a problem that may reach the agent."""
        return DesignerView(
            id=self.id,
            spec=self.spec,
            top=self.top,
            interface_header=self.interface_header,
            user_tests_dir=self.user_tests_dir,
        )


class DesignerView(BaseModel):
    """What a designer (and so the agent) may see of a problem."""

    id: str
    spec: str
    top: str
    interface_header: str | None = None
    user_tests_dir: Path | None = None


class Suite(BaseModel):
    name: str
    version: str = "0"
    format: SuiteFormat = "veriagent"
    path: Path
    content_hash: str
    problems: list[Problem]
    spec_style: str = "default"
    """The spec style the problems were loaded with (see :func:`veriagent.bench.suite.load_suite`)."""
    skipped: list[str] = Field(default_factory=list)
    """Problems left out because they have no spec of ``spec_style``."""


class Candidate(BaseModel):
    """One design to judge."""

    problem: str
    sample: int
    source: str
    origin: str = ""
    """Where it came from (file path, model spec)."""


class MismatchRow(BaseModel):
    """One sample point of the first-mismatch window."""

    time: str
    inputs: dict[str, str]
    expected: dict[str, str]
    actual: dict[str, str]
    mismatch: list[str] = Field(default_factory=list)


class Verdict(BaseModel):
    """What a judge says of one candidate (shared by :class:`JudgeResult` and the equivalence judge)."""

    passed: bool
    category: FailureClass | None = None
    reason: str = ""
    """One line a human can read."""
    diagnostic_category: str | None = None
    """For compile errors: the diagnostics category (syntax, undeclared-identifier, ...)."""
    mismatches: dict[str, int] = Field(default_factory=dict)
    """Output name -> number of mismatching samples."""
    samples: int = 0
    first_mismatch_time: str | None = None
    window: list[MismatchRow] = Field(default_factory=list)
    vcd: str | None = None
    dont_care_share: dict[str, float] = Field(default_factory=dict)
    seconds: float = 0.0
    log: str = ""
    """Tail of the tool output, for debugging (bounded)."""


class JudgeResult(Verdict):
    """The verdict on one candidate of a problem."""

    problem: str
    sample: int
    judge: Literal["equivalence", "suite", "user-tests"]
    suite_category: str | None = None
    """Failure category in the external suite's own terms, where it has them."""


class GeneratedCandidate(BaseModel):
    """What a generator (the agent, or single-shot) hands the bench runner for one sample."""

    source: str | None
    """The RTL, or None when generation produced nothing usable."""
    tokens: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_seconds: float = 0.0
    iterations: int = 0
    self_verified: bool = False
    trace_dir: str | None = None
    error: str | None = None
    interface_source: str | None = None
    """Where the generator's required interface came from (see ``AgentResult.interface_source``)."""
