"""Render the agent's prompts from the Jinja templates shipped in ``prompts/`` (``agent_*.j2``)."""

from __future__ import annotations

import functools
from typing import Any

import jinja2

from veriagent.hdl.interface import Interface
from veriagent.resources import prompts_dir

#: purpose -> template file
TEMPLATES = {
    "system": "agent_system.j2",
    "interface": "agent_interface.j2",
    "draft": "agent_draft.j2",
    "write-model": "agent_write_model.j2",
    "harness": "agent_harness.py.j2",
    "examples": "agent_examples_module.py.j2",
    "repair-check": "agent_repair_check.j2",
    "repair-tests": "agent_repair_tests.j2",
    "judge": "agent_judge.j2",
    "fix-tests": "agent_fix_tests.j2",
    "retry-format": "agent_retry_format.j2",
}


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


def render(purpose: str, **context: Any) -> str:
    """The prompt for ``purpose`` (a key of :data:`TEMPLATES`) filled with ``context``.

    Raises:
        KeyError: unknown purpose.
        jinja2.UndefinedError: the template needs a value that was not given.
    """
    return _env().get_template(TEMPLATES[purpose]).render(**context).strip() + "\n"


def interface_context(iface: Interface, examples: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Template values describing an interface: header, clock, reset, input and output names.

    Args:
        iface: the required interface.
        examples: the spec's own examples (``Example.model_dump()``), checked by the harness.
    """
    return {
        "examples": repr(examples) if examples else "",
        "vet_model": True,
        "top": iface.module,
        "header": iface.header(),
        "clock": iface.clock,
        "reset": iface.reset,
        "reset_active_low": iface.reset_active_low,
        "inputs": [p.name for p in iface.inputs() if p.name not in (iface.clock, iface.reset)],
        "outputs": [p.name for p in iface.outputs()],
        "ports": [
            f"{p.direction} {p.range_text() + ' ' if p.range_text() else ''}{p.name}" for p in iface.ports
        ],
        "inputs_widths": repr({p.name: p.width for p in iface.inputs() if p.name != iface.clock}),
        "outputs_widths": repr({p.name: p.width for p in iface.outputs()}),
    }
