"""Shared fixtures: isolate config and cache dirs, expose the real model cache to slow tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import platformdirs
import pytest

REPO = Path(__file__).resolve().parent.parent
REAL_CACHE = Path(os.environ.get("VERIAGENT_CACHE_DIR") or platformdirs.user_cache_dir("veriagent"))


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache dir and no user config; errors re-raise."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("VERIAGENT_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("VERIAGENT_CONFIG", str(home / "none.toml"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
def real_cache_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's real cache (where `make setup` put the local model), for slow tests."""
    monkeypatch.setenv("VERIAGENT_CACHE_DIR", str(REAL_CACHE))
    return REAL_CACHE


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which("iverilog") is None and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason="Icarus Verilog not installed")
        for item in items:
            if "sim" in item.keywords:
                item.add_marker(skip)
