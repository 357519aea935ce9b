"""Typed errors. Each carries a one-line message meant for the user (or the model).

The CLI turns any :class:`VeriagentError` into ``error: <message>`` on stderr and exits with
``exit_code``; anything else is a bug and re-raises under tests or ``VERIAGENT_RAISE_ERRORS=1``.
"""

from __future__ import annotations


class VeriagentError(Exception):
    """Base class for errors the user can act on."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(VeriagentError):
    """A file, spec, suite or argument that cannot be used as given."""


class ToolMissing(VeriagentError):
    """An external program (iverilog, vvp, verilator, yosys) is not installed."""


class ConfigError(VeriagentError):
    """The configuration file or an environment variable is invalid."""


class ModelError(VeriagentError):
    """A model backend failed (base class for the llm error family in ``veriagent.llm.base``)."""


class ResourceExhausted(VeriagentError):
    """Out of disk space or memory while writing or computing a result (nothing partial is reported)."""


class StoreError(VeriagentError):
    """The results store holds or was handed records it must refuse (unscheduled or duplicate keys)."""


class SandboxMissing(ToolMissing):
    """bubblewrap (or setpriv) is missing or cannot create namespaces, and unsafe runs were not allowed."""
