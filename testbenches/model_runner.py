"""Runs one model-written Python reference model on recorded inputs (inside the sandbox).

Usage: ``python model_runner.py STIMULUS.json MODEL.py``. The stimulus file holds
``{"clocked": bool, "outputs": {name: width}, "steps": [{input: value}, ...]}``. A clocked model is
a class ``Model`` with ``step(i)`` (one active clock edge) and ``outputs(i)`` (the outputs just
after it); a combinational one is a function ``model(i)``. The last line of stdout is
``VERIAGENT-MODEL-RESULT <json>``: ``{"outputs": [[value per output, ...] per step]}`` or
``{"error": "...", "step": k}``. The parent validates the shape. Standard library only.
"""

from __future__ import annotations

import json
import sys
from typing import Any

MARK = "VERIAGENT-MODEL-RESULT "


def run(spec: dict[str, Any], code: str) -> dict[str, Any]:
    """Execute ``code`` and evaluate it on every step of ``spec``."""
    ns: dict[str, Any] = {"__name__": "reference_model"}
    try:
        exec(compile(code, "model.py", "exec"), ns)
    except BaseException as exc:  # the model's own fault, reported
        return {"error": f"model does not load: {type(exc).__name__}: {exc}", "step": -1}
    names = list(spec["outputs"])
    masks = [(1 << int(w)) - 1 for w in spec["outputs"].values()]
    rows: list[list[int]] = []
    try:
        obj = ns["Model"]() if spec["clocked"] else None
        fn = None if spec["clocked"] else ns["model"]
        for inp in spec["steps"]:
            if obj is not None:
                obj.step(dict(inp))
                raw = obj.outputs(dict(inp))
            else:
                raw = fn(dict(inp))
            rows.append([int(raw[n]) & m for n, m in zip(names, masks, strict=True)])
    except BaseException as exc:  # the model's own fault, reported
        return {"error": f"model crashed: {type(exc).__name__}: {exc}", "step": len(rows)}
    return {"outputs": rows}


def main() -> None:
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    with open(sys.argv[2]) as f:
        code = f.read()
    result = run(spec, code)
    sys.stdout.write("\n" + MARK + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
