"""Test helper (was veriagent/sim/waves.py, used by no library code): VCD value tables and WaveDrom JSON."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput

_VAR_RE = re.compile(r"\$var\s+\S+\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+\[[^\]]*\])?\s+\$end")


def read_vcd(path: Path) -> tuple[str, dict[str, tuple[str, int]], list[tuple[int, str, str]]]:
    """Parse a VCD file.

    Args:
        path: the VCD.

    Returns:
        (timescale text, hierarchical name -> (id code, width), [(time, id code, value bits)]).

    Raises:
        BadInput: the file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"no VCD file at {path}")
    text = path.read_text(errors="replace")
    header, _, body = text.partition("$enddefinitions")
    ts = re.search(r"\$timescale\s+(.*?)\s*\$end", header, re.S)
    names: dict[str, tuple[str, int]] = {}
    scope: list[str] = []
    for tok in re.finditer(r"\$scope\s+\S+\s+(\S+)\s+\$end|\$upscope\s+\$end|" + _VAR_RE.pattern, header):
        s = tok.group(0)
        if s.startswith("$scope"):
            scope.append(tok.group(1))
        elif s.startswith("$upscope"):
            scope.pop() if scope else None
        else:
            names[".".join([*scope, tok.group(4)])] = (tok.group(3), int(tok.group(2)))
    changes: list[tuple[int, str, str]] = []
    t = 0
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("$"):
            continue
        if line[0] == "#":
            t = int(line[1:])
        elif line[0] in "bBrR":
            val, _, code = line[1:].partition(" ")
            changes.append((t, code.strip(), val.lower()))
        elif line[0] in "01xXzZ":
            changes.append((t, line[1:].strip(), line[0].lower()))
    return (ts.group(1).strip() if ts else ""), names, changes


def _resolve(names: dict[str, tuple[str, int]], sig: str) -> tuple[str, str, int] | None:
    if sig in names:
        return (sig, *names[sig])
    for full, (code, w) in names.items():
        if full.endswith("." + sig):
            return (full, code, w)
    return None


def vcd_window(vcd_path: Path, signals: Sequence[str], t0: int, t1: int) -> dict[str, Any]:
    """A WaveDrom-style JSON object for ``signals`` between VCD times ``t0`` and ``t1``.

    One WaveDrom step per time at which any chosen signal changes inside the window (plus ``t0``).

    Args:
        vcd_path: the VCD file.
        signals: hierarchical names or leaf names (first match wins).
        t0: window start, in the VCD's time unit.
        t1: window end, in the VCD's time unit.

    Returns:
        ``{"signal": [{"name", "wave", "data"?}], "head": {"text"}, "times": [...], "timescale": ...}``;
        unknown signals are listed under ``"missing"``.
    """
    timescale, names, changes = read_vcd(vcd_path)
    chosen: list[tuple[str, str, int]] = []
    missing: list[str] = []
    for s in signals:
        r = _resolve(names, s)
        if r is None:
            missing.append(s)
        else:
            chosen.append(r)
    codes = {c for _, c, _ in chosen}
    times = sorted({t0} | {t for t, c, _ in changes if c in codes and t0 <= t <= t1})
    rows: list[dict[str, Any]] = []
    for full, code, width in chosen:
        value = "x" * width
        ch = [(t, v) for t, c, v in changes if c == code]
        values: list[str] = []
        i = 0
        for t in times:
            while i < len(ch) and ch[i][0] <= t:
                value = ch[i][1]
                i += 1
            values.append(value)
        wave, data, prev = "", [], None
        for v in values:
            if v == prev:
                wave += "."
            elif width == 1:
                wave += v if v in "01xz" else "x"
            elif any(b in "xz" for b in v):
                wave += "x"
            else:
                wave += "="
                data.append(format(int(v, 2), "x"))
            prev = v
        row: dict[str, Any] = {"name": full.split(".")[-1], "wave": wave}
        if data:
            row["data"] = data
        rows.append(row)
    return {"signal": rows, "head": {"text": f"{t0}..{t1} ({timescale})"}, "times": times,
            "timescale": timescale, "missing": missing}
