"""Data types of simulation: stimulus, clock and reset of a harness, and what a simulation concludes.

They belong to ``sim`` (the equivalence judge and the cocotb runner speak them); ``bench`` builds its
problems and judge results on them (:mod:`veriagent.bench.models`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

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
    "illegal-construct": "Not run: it reaches outside its own module tree (foreign hierarchical name, $root, "
    "bind, defparam) or defines a module named like the judge's harness.",
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
    "illegal-construct",
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
