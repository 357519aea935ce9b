"""Plain data models shared by the suite loaders, the judge, the runner, the agent and training.

A :class:`Problem` has two halves (see docs/architecture.md): ``spec`` and ``user_tests_dir`` are
what a designer gets and the only parts the agent may see (:meth:`Problem.designer_view`); the
reference and the suite's testbench are the judge's and never leave ``veriagent.bench``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from veriagent.agent.view import DesignerView
from veriagent.sim.models import ClockSpec, ResetSpec, StimulusSpec, Verdict

SuiteFormat = Literal["veriagent", "verilogeval-v2", "rtllm-v2"]


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
