"""Control-flow exceptions of the agent loop, each carrying a message for the model or the user.

They are counted separately: :class:`FormatError` (the model's reply had no usable code) against
``max_malformed``; :class:`LimitsExceeded` ends the run honestly with the best candidate kept.
Infrastructure failures (model server down, tool crash) arrive as ``veriagent.errors`` types.
"""

from __future__ import annotations


class AgentSignal(Exception):
    """Base of the agent's control-flow exceptions."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FormatError(AgentSignal):
    """The reply holds no usable code (no module, no test, unparsable): tell the model and retry."""


class LimitsExceeded(AgentSignal):
    """A budget (iterations, tokens, wall time, malformed replies) ran out."""

    def __init__(self, message: str, status: str = "budget-exhausted") -> None:
        super().__init__(message)
        self.status = status
