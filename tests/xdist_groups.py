"""Work units of ``pytest -n N --dist loadgroup`` (``make test``), chosen by what tests share.

Tests that use a module-, class- or session-scoped fixture of ours (a wheel build, a Ray cluster,
the hostile corpus run) go to one worker, so that the fixture is built once; all ``slow`` tests
(a real model, real training) go to one worker and run one after another, so that two of them
never compete for memory and cores. Every other test is a work unit of its own.

pytest-xdist 3.8 marks a group by appending ``@group`` to the node ids, which no longer works on
pytest 9.2 (its node ids are structured; pytest-dev/pytest-xdist#1386: the groups are silently
ignored). So the workers also write the groups they computed to a file that the controller's
scheduler reads, and this plugin's scheduler groups by that file; ``xdist_group`` marks are added
as well, for an xdist that handles them itself. ``GroupScheduling`` overrides a method of
xdist's scheduler, so pyproject.toml pins pytest-xdist (3.8.0).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadGroupScheduling

INPUT_KEY = "veriagent_groups_dir"


def _shared_keys(item: pytest.Item) -> list[str]:
    """What ties ``item`` to other tests: ``slow``, and each module/class/session fixture of ours it uses."""
    keys = ["slow"] if item.get_closest_marker("slow") else []
    info = getattr(item, "_fixtureinfo", None)
    for name, defs in info.name2fixturedefs.items() if info else ():
        fd = defs[-1]
        if fd.scope == "function" or not fd.baseid:  # not ours (tmp_path_factory: cheap)
            continue
        module = Path(str(item.path)).stem
        if fd.scope == "module":
            keys.append(module)
        elif fd.scope == "class":
            keys.append(f"{module}.{getattr(item.cls, '__name__', '')}")
        else:
            keys.append(f"{Path(fd.baseid).stem}.{name}")
    return keys


def xdist_groups(items: list[pytest.Item]) -> dict[str, str]:
    """nodeid -> group, for the tests tied by a shared key (see :func:`_shared_keys`), transitively."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    keyed = {item.nodeid: _shared_keys(item) for item in items}
    for keys in keyed.values():
        for k in keys[1:]:
            a, b = sorted((find(keys[0]), find(k)))
            parent[b] = a  # the smaller name names the group
    return {nodeid: find(keys[0]) for nodeid, keys in keyed.items() if keys}


class GroupScheduling(LoadGroupScheduling):
    """``--dist loadgroup`` with the groups the workers wrote (see the module docstring)."""

    def __init__(self, config: pytest.Config, log: Any, groups_dir: Path) -> None:
        super().__init__(config, log)
        self.groups_dir = groups_dir
        self._groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:  # first called in schedule(), after every worker collected
            self._groups = {}
            for f in sorted(self.groups_dir.glob("*.json")):
                self._groups.update(json.loads(f.read_text()))
        return self._groups.get(nodeid) or super()._split_scope(nodeid)


class GroupPlugin:
    """Registered by tests/conftest.py when pytest-xdist is installed."""

    def __init__(self) -> None:
        self.groups_dir: Path | None = None

    @pytest.hookimpl(tryfirst=True)  # before xdist reads the marks
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        groups = xdist_groups(items)
        for item in items:
            if item.nodeid in groups:
                item.add_marker(pytest.mark.xdist_group(groups[item.nodeid]))
        where = getattr(config, "workerinput", {}).get(INPUT_KEY)
        if where:  # a worker of the controller below: hand the groups over
            worker = config.workerinput["workerid"]  # type: ignore[attr-defined]
            (Path(where) / f"{worker}.json").write_text(json.dumps(groups))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        if self.groups_dir is None:
            self.groups_dir = Path(tempfile.mkdtemp(prefix="veriagent-xdist-groups-"))
        node.workerinput[INPUT_KEY] = str(self.groups_dir)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self.groups_dir is not None:  # the controller: the workers' group files are read by now
            shutil.rmtree(self.groups_dir, ignore_errors=True)

    @pytest.hookimpl(tryfirst=True, optionalhook=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if config.getvalue("dist") != "loadgroup" or self.groups_dir is None:
            return None
        return GroupScheduling(config, log, self.groups_dir)
