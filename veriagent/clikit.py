"""What every ``veriagent`` command shares: ``--config`` / ``--quiet`` on each command, consoles that
do not wrap or colour piped output, and the JSON printer.

:class:`RootGroup` adds ``--config FILE`` and ``-q/--quiet`` to every leaf command (a command that
declares its own ``--config`` keeps it); their values land in :data:`STATE`, which
:func:`settings` and :func:`say` read.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

if TYPE_CHECKING:
    from veriagent.config import Settings


@dataclass
class State:
    """Options common to every command."""

    config: Path | None = None
    quiet: bool = False


STATE = State()


def console(*, stderr: bool = False) -> Console:
    """A rich console: no wrapping, no ellipsis and no colour guessing when the stream is not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    width = None if tty else int(os.environ.get("COLUMNS", "0") or 0) or 100_000
    return Console(
        stderr=stderr, highlight=False, soft_wrap=not tty, width=width, force_terminal=None if tty else False
    )


def settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Settings from ``--config`` (or the discovered config file), the environment and ``overrides``."""
    from veriagent.config import load_settings  # pydantic: only for commands that need settings

    return load_settings(STATE.config, overrides=overrides)


def print_json(data: Any) -> None:
    """Print ``data`` (a pydantic model, or anything JSON-serialisable) as indented JSON on stdout."""
    if hasattr(data, "model_dump_json"):
        print(data.model_dump_json(indent=2))
    else:
        print(json.dumps(data, indent=2, default=str))


def _set_config(value: Path | None) -> None:
    if value is not None:
        STATE.config = value


def _set_quiet(value: bool) -> None:
    if value:
        STATE.quiet = True


def _common_params() -> dict[str, Any]:
    """``--config`` and ``--quiet`` as typer parameters (built the way typer builds its own)."""
    from typer.main import _get_param
    from typer.models import ParamMeta

    config = typer.Option(
        None,
        "--config",
        metavar="FILE",
        dir_okay=False,
        expose_value=False,
        is_eager=True,
        callback=_set_config,
        help="Config file (default: ./veriagent.toml, then the user config dir).",
    )
    quiet = typer.Option(
        False,
        "--quiet",
        "-q",
        expose_value=False,
        callback=_set_quiet,
        help="No progress output; results and errors only.",
    )
    return {
        "--config": _get_param(ParamMeta(name="config", default=config, annotation=Path | None)),
        "--quiet": _get_param(ParamMeta(name="quiet", default=quiet, annotation=bool)),
    }


def _add_common(cmd: Any, params: dict[str, Any]) -> None:
    if hasattr(cmd, "commands"):
        for sub in cmd.commands.values():
            _add_common(sub, params)
        return
    names = {o for p in cmd.params for o in getattr(p, "opts", [])}
    cmd.params.extend(p for name, p in params.items() if name not in names)


class RootGroup(TyperGroup):
    """The root command group: gives every leaf command ``--config`` and ``--quiet``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        params = _common_params()
        for cmd in self.commands.values():
            _add_common(cmd, params)


__all__ = ["STATE", "RootGroup", "State", "console", "print_json", "settings"]
