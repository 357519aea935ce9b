"""VS Code integration: ``.vscode/tasks.json`` tasks whose problem matcher reads ``veriagent check``.

``write_tasks`` creates the file or merges into an existing one: the user's own tasks and settings
are kept, tasks of ours (matched by label) are replaced. An existing file may be JSONC (comments,
trailing commas, as VS Code writes it); the comments do not survive the rewrite, so the previous
file is kept next to it as ``tasks.json.bak``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput

log = logging.getLogger(__name__)

#: The JavaScript regular expression of the problem matcher: exactly the line of
#: :meth:`veriagent.hdl.diagnostics.Diagnostic.gcc_format`, ``path:line:col: severity: message [tool:rule]``,
#: anchored at both ends (the path holds no colon, the line ends in the tool tag), so that other
#: lines quoting a finding (generate's verdict, progress lines) do not match.
MATCHER_REGEXP = r"^([^:\s][^:]*):(\d+):(\d+): (error|warning|info): (.* \[[\w.-]+(?::[\w.-]+)?\])$"

PROBLEM_MATCHER: dict[str, Any] = {
    "owner": "veriagent",
    "source": "veriagent",
    "fileLocation": ["autoDetect", "${workspaceFolder}"],
    "pattern": {
        "regexp": MATCHER_REGEXP,
        "file": 1,
        "line": 2,
        "column": 3,
        "severity": 4,
        "message": 5,
    },
}

CHECK_LABEL = "veriagent: check current file"
GENERATE_LABEL = "veriagent: generate from spec (current file)"
SUITE_LABEL = "veriagent: run suite"


def find_suites(directory: Path, depth: int = 3) -> list[Path]:
    """Suites (directories with a ``suite.toml``) in ``directory``, at most ``depth`` levels down."""
    found: list[Path] = []
    for level in range(depth + 1):
        pattern = "/".join(["*"] * level + ["suite.toml"])
        found += [p.parent for p in sorted(directory.glob(pattern)) if ".vscode" not in p.parts]
    return found


def veriagent_tasks(directory: Path | None = None) -> list[dict[str, Any]]:
    """The tasks veriagent adds: check, generate, and one "run suite" task per suite found in
    ``directory`` (none when the workspace holds no suite), each with the problem matcher."""

    def task(label: str, args: list[str], group: str) -> dict[str, Any]:
        return {
            "label": label,
            "type": "process",
            "command": "veriagent",
            "args": args,
            "group": group,
            "presentation": {"reveal": "always", "panel": "shared", "clear": True},
            "problemMatcher": PROBLEM_MATCHER,
        }

    tasks = [
        task(CHECK_LABEL, ["check", "${file}"], "build"),
        task(GENERATE_LABEL, ["generate", "${file}"], "build"),
    ]
    for suite in find_suites(directory) if directory is not None else []:
        rel = suite.relative_to(directory).as_posix() if directory is not None else str(suite)
        folder = "${workspaceFolder}" + ("" if rel == "." else "/" + rel)
        tasks.append(task(f"{SUITE_LABEL} {rel}", ["bench", folder, "--candidates", "reference"], "test"))
    return tasks


def _scan(text: str, drop_comments: bool) -> str:
    """One string-aware pass: drop comments, or (``drop_comments=False``) drop trailing commas."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif drop_comments and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif drop_comments and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif not drop_comments and c == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if not (j < n and text[j] in "]}"):
                out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_jsonc(text: str) -> str:
    """JSON text from JSONC: ``//`` and ``/* */`` comments and trailing commas removed (strings kept)."""
    return _scan(_scan(text, drop_comments=True), drop_comments=False)


def load_tasks(path: Path) -> dict[str, Any]:
    """Read an existing tasks.json (JSONC tolerated).

    Args:
        path: the file.

    Returns:
        Its object.

    Raises:
        BadInput: the file is not valid JSON/JSONC or not a tasks object.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read: {exc}") from exc
    if not text.strip():
        return {"version": "2.0.0", "tasks": []}
    try:
        data = json.loads(strip_jsonc(text))
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{path}: not valid JSON/JSONC (line {exc.lineno}: {exc.msg}); fix or remove it"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("tasks", []), list):
        raise BadInput(f'{path}: expected an object with a "tasks" list')
    return data


def merge_tasks(existing: dict[str, Any], directory: Path | None = None) -> dict[str, Any]:
    """``existing`` with veriagent's tasks added, replacing any earlier ones of ours (by label)."""
    ours = veriagent_tasks(directory)
    labels = {t["label"] for t in ours}

    def mine(t: Any) -> bool:
        label = t.get("label", "") if isinstance(t, dict) else ""
        return label in labels or label.startswith(SUITE_LABEL)

    kept = [t for t in existing.get("tasks", []) if not mine(t)]
    merged = dict(existing)
    merged.setdefault("version", "2.0.0")
    merged["tasks"] = kept + ours
    return merged


def write_tasks(directory: Path) -> tuple[Path, list[str]]:
    """Write or merge ``DIRECTORY/.vscode/tasks.json``.

    Args:
        directory: the workspace folder (must exist).

    Returns:
        The path written and the labels of the tasks added.

    Raises:
        BadInput: ``directory`` is not a directory, or an existing tasks.json cannot be parsed.
    """
    if not directory.is_dir():
        raise BadInput(f"{directory}: not a directory")
    vscode = directory / ".vscode"
    path = vscode / "tasks.json"
    existing: dict[str, Any] = {"version": "2.0.0", "tasks": []}
    if path.exists():
        existing = load_tasks(path)
        backup = path.with_name("tasks.json.bak")
        backup.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        log.info("kept the previous %s as %s", path, backup)
    merged = merge_tasks(existing, directory)
    vscode.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return path, [t["label"] for t in veriagent_tasks(directory)]
