"""The ``veriagent`` command line: parse arguments, call one library function, render its result.

No logic lives here. Known errors (:class:`veriagent.errors.VeriagentError`) become one line on
stderr and a non-zero exit; anything else re-raises when ``VERIAGENT_RAISE_ERRORS=1`` (tests).
Heavy libraries (torch, transformers, llama_cpp) are imported only inside the commands that need them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from veriagent.errors import VeriagentError

app = typer.Typer(
    name="veriagent",
    help="Hardware-design copilot: writes Verilog RTL from a spec and proves it works with real tools.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="List and download local models.", no_args_is_help=True)
vscode_app = typer.Typer(help="VS Code integration.", no_args_is_help=True)
data_app = typer.Typer(help="Build training datasets.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(vscode_app, name="vscode")
app.add_typer(data_app, name="data")

out = Console()
err = Console(stderr=True)


@app.callback()
def _root(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug).")] = 0,
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# --- doctor -------------------------------------------------------------------------------------
@app.command()
def doctor() -> None:
    """Show the HDL tools veriagent uses: path, version, status, purpose."""
    from rich.table import Table

    from veriagent.hdl.tools import doctor as run_doctor

    rows = run_doctor()
    table = Table("tool", "path", "version", "status", "used for")
    for r in rows:
        status = "[green]ok[/green]" if r.ok else "[red]missing[/red]"
        if r.note:
            status += f" ({r.note})"
        table.add_row(r.name, r.path or "-", r.version or "-", status, r.purpose)
    out.print(table)
    if not all(r.ok for r in rows if r.name in ("iverilog", "vvp", "pyslang", "cocotb")):
        raise typer.Exit(2)


def main() -> None:
    """Console-script entry point with the error boundary."""
    try:
        app()
    except VeriagentError as exc:
        if os.environ.get("VERIAGENT_RAISE_ERRORS") == "1":
            raise
        err.print(f"[red]error:[/red] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()


_ = Path  # re-exported for command modules
