"""What a generate run produces (:class:`AgentResult`) and the loop's explicit state (:class:`LoopState`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from veriagent.agent.evaluate import Scored
from veriagent.agent.examples import Example
from veriagent.agent.select import Selection


class AgentResult(BaseModel):
    """What one generate run produced, and how far it got."""

    status: Literal["verified", "plausible", "untested", "failed", "budget-exhausted", "error"]
    """``untested``: compiles, lints and matches the interface, but no tests ran (the model wrote no
    usable tests, self-tests were off, or single-shot without user tests): never ``verified``.
    ``plausible``: a population run (several drafts or models) whose design is clean but lacks the
    agreement of two independent reference models (see ``agreement``)."""
    verified: bool
    agreement: str = ""
    """Population runs: ``5/8 drafts and 1/3 models agree`` (the chosen cluster; the final design)."""
    selection: dict[str, Any] | None = None
    """The vote over the first drafts (:class:`veriagent.agent.select.Selection`), when one was held."""
    rtl: str | None
    rtl_path: str | None
    tests_path: str | None
    run_dir: str
    iterations: int
    prompt_tokens: int
    completion_tokens: int
    llm_seconds: float
    wall_seconds: float
    reason: str
    repairs_applied: list[str]
    history: list[dict[str, Any]]
    model: str = ""
    top: str | None = None
    trace_path: str | None = None
    tests_source: Literal["agent", "user", "none"] = "none"
    tests_passed: int = 0
    tests_total: int = 0
    diagnostics: list[str] = Field(default_factory=list)
    """The best candidate's findings in gcc format (``design.v:line:col: severity: message [tool]``)."""
    interface_source: str | None = None
    """Where the required interface came from (``given``, ``header``, ``list``, ``table``, ``sections``,
    ``prose``, ``model``); None when the run stopped before it had one."""
    spec_examples: int = 0
    """How many of the spec's own examples were found and checked on every tested candidate."""


@dataclass
class LoopState:
    """Everything the loop knows, explicit: counters, the current and the best candidate."""

    start: float = field(default_factory=time.monotonic)
    iteration: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_seconds: float = 0.0
    malformed: int = 0
    calls: int = 0
    test_rewrites: int = 0
    examples: int = 0
    repairs: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    best: Scored | None = None
    current: Scored | None = None
    notes: list[str] = field(default_factory=list)
    """Said after the verdict (e.g. why the design is untested)."""
    model_code: str = ""
    """The model's Python reference model inside the cocotb harness (agent-written tests)."""
    sent: set[str] = field(default_factory=set)
    """Prompts already sent (the same one again is sampled, not greedy)."""
    worse_streak: int = 0
    """Repairs in a row whose result was not the best so far."""
    judged: int = -1
    """The test version the model last judged against the design (each version once)."""
    unchanged: dict[str, int] = field(default_factory=dict)
    """Design -> times the model handed it back as is."""
    untested: bool = False
    """Self-tests were wanted but the model wrote none."""
    avoid: list[str] = field(default_factory=list)
    """Mistakes of abandoned designs, named in fresh drafts."""
    models: list[str] = field(default_factory=list)
    """The population's reference models (the adopted one is ``model_code``)."""
    selection: Selection | None = None
    """The vote over the first drafts."""
    agreement: Selection | None = None
    """The final design against every model."""
    spec_examples: list[Example] = field(default_factory=list)
    """The spec's own examples."""
    chosen_rtl: str = ""
    """The draft the vote chose."""
