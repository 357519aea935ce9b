"""What the agent may see of a problem: the designer's view (the bench builds it from a problem)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel


class DesignerView(BaseModel):
    """What a designer (and so the agent) may see of a problem."""

    id: str
    spec: str
    top: str
    interface_header: str | None = None
    user_tests_dir: Path | None = None
