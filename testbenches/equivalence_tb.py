"""cocotb harness of the equivalence judge: drives one reference and N candidates side by side.

Loaded by cocotb inside ``vvp`` (COCOTB_TEST_MODULES=equivalence_tb); configured by the JSON file
named in ``VERIAGENT_EQ_CONFIG`` (written by ``veriagent.sim.equivalence``). The verdict goes to
``$VERIAGENT_VERDICT_DIR`` (mounted by the sandbox at a random path outside the designs' working
directory; only the environment names it, which design code cannot read). The wrapper
``veriagent_eq_top`` exposes ``va_in`` (all inputs but the clock, packed), ``va_clk`` (when the
design is clocked), ``va_all_ref`` and ``va_all_c<k>`` (each instance's outputs, packed). Values are compared
here in Python and written as JSON; nothing the designs print is read. Standard library + cocotb only.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

import cocotb
from cocotb.simtime import get_sim_time
from cocotb.triggers import Timer

KNOWN = "01"


def _fmt(bits: str) -> str:
    """A Verilog-style literal for a bit string (MSB first)."""
    bits = bits.lower()
    w = len(bits)
    if w == 1:
        return bits
    if any(b not in KNOWN for b in bits) or w <= 8:
        return f"{w}'b{bits}"
    return f"{w}'h{int(bits, 2):0{(w + 3) // 4}x}"


class Stimulus:
    """Seeded input program derived from the config only (never from the designs)."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.rng = random.Random(cfg["seed"])
        self.inputs: list[dict[str, Any]] = cfg["inputs"]
        self.stim: dict[str, Any] = cfg["stimulus"]
        self.reset: dict[str, Any] | None = cfg.get("reset")
        self.reset_name = self.reset["name"] if self.reset else None
        self.stable: dict[str, int] = {p["name"]: self.random_value(p) for p in self.free() if p["stable"]}

    def free(self) -> list[dict[str, Any]]:
        """Inputs the stimulus chooses (everything but the reset)."""
        return [p for p in self.inputs if p["name"] != self.reset_name]

    def legal(self, p: dict[str, Any], v: int) -> int:
        """``v`` forced into the input's constraints."""
        w = p["width"]
        v &= (1 << w) - 1
        if p["one_hot"]:
            if v == 0 or v & (v - 1):
                v = 1 << (v.bit_length() - 1 if v else self.rng.randrange(w))
        lo, hi = p.get("lo"), p.get("hi")
        if lo is not None and hi is not None and not lo <= v <= hi:
            v = lo + (v % (hi - lo + 1))
        return v

    def random_value(self, p: dict[str, Any]) -> int:
        """A random legal value, biased towards the edges now and then."""
        w = p["width"]
        r = self.rng.random()
        if p.get("rare") is not None:
            return int(r < float(p["rare"]))
        if p["one_hot"]:
            return 1 << self.rng.randrange(w)
        if p.get("lo") is not None and p.get("hi") is not None:
            if r < 0.1:
                return int(p["lo"])
            if r < 0.2:
                return int(p["hi"])
            return self.rng.randint(int(p["lo"]), int(p["hi"]))
        if w > 1 and r < 0.06:
            return 0
        if w > 1 and r < 0.12:
            return (1 << w) - 1
        return self.rng.getrandbits(w)

    def vector(self, values: dict[str, int] | None = None, reset: bool = False) -> dict[str, int]:
        """A full input vector: ``values`` made legal, stable inputs held, reset as asked."""
        out: dict[str, int] = {}
        for p in self.free():
            name = p["name"]
            if p["stable"]:
                out[name] = self.stable[name]
            else:
                out[name] = self.legal(p, (values or {}).get(name, 0))
        if self.reset:
            active = 0 if self.reset["active_low"] else 1
            out[self.reset_name] = active if reset else 1 - active  # type: ignore[index]
        return out

    def directed(self) -> list[dict[str, int]]:
        """All zeros, all ones, walking ones, each input at its min and max, alternating bits."""
        free = [p for p in self.free() if not p["stable"]]
        vecs = [self.vector({}), self.vector({p["name"]: (1 << p["width"]) - 1 for p in free})]
        bits = [(p, b) for p in free for b in range(p["width"])]
        if len(bits) > 64:
            step = len(bits) / 64
            bits = [bits[int(i * step)] for i in range(64)]
        vecs += [self.vector({p["name"]: 1 << b}) for p, b in bits]
        for p in free:
            lo = int(p["lo"]) if p.get("lo") is not None else 0
            hi = int(p["hi"]) if p.get("hi") is not None else (1 << p["width"]) - 1
            vecs += [self.vector({p["name"]: hi}), self.vector({p["name"]: lo})]
        alt = {p["name"]: int(("01" * p["width"])[: p["width"]], 2) for p in free if p["width"] > 1}
        if alt:
            vecs += [self.vector(alt), self.vector({k: ~v for k, v in alt.items()})]
        return vecs

    def random_vectors(self, n: int) -> list[dict[str, int]]:
        """``n`` random vectors (no reset)."""
        return [self.vector({p["name"]: self.random_value(p) for p in self.free()}) for _ in range(n)]

    def combinational(self) -> list[dict[str, int]]:
        """Exhaustive when the inputs are few, otherwise directed + random."""
        free = self.free()
        total = sum(p["width"] for p in free)
        if total <= int(self.stim["exhaustive_max_bits"]) and not any(p["stable"] for p in free):
            seen: list[dict[str, int]] = []
            for n in range(1 << total):
                vals: dict[str, int] = {}
                shift = 0
                for p in reversed(free):
                    vals[p["name"]] = (n >> shift) & ((1 << p["width"]) - 1)
                    shift += p["width"]
                if all(self.legal(p, vals[p["name"]]) == vals[p["name"]] for p in free):
                    seen.append(self.vector(vals))
            return seen
        return self.directed() + self.random_vectors(int(self.stim["cycles"]))

    def sequential(self) -> list[tuple[dict[str, int], bool]]:
        """(vector, reset asserted) per clock cycle: reset, directed, then random with random resets."""
        prog: list[tuple[dict[str, int], bool]] = []
        n_reset = max(int(self.stim["reset_cycles"]), int(self.reset["cycles"]) if self.reset else 0)
        if self.reset:
            prog += [(self.vector({}, reset=True), True) for _ in range(max(n_reset, 1))]
        directed = self.directed()
        # Hold the all-zeros and all-ones vectors a few cycles: counters and shifters need time.
        prog += [(directed[0], False)] * 3 + [(directed[1], False)] * 3
        prog += [(v, False) for v in directed[2:]]
        cycles = int(self.stim["cycles"])
        random_resets = bool(self.stim["random_resets"]) and self.reset is not None
        i = 0
        while i < cycles:
            if random_resets and i > 4 and self.rng.random() < 0.02:
                for p in self.free():
                    if p["stable"] and self.rng.random() < 0.5:
                        self.stable[p["name"]] = self.random_value(p)
                k = self.rng.randint(1, 2)
                prog += [(self.vector({p["name"]: self.random_value(p) for p in self.free()}, reset=True), True)
                         for _ in range(k)]
                i += k
                continue
            prog.append((self.random_vectors(1)[0], False))
            i += 1
        return prog


class Recorder:
    """Samples the packed outputs of the reference and every candidate."""

    def __init__(self, dut: Any, cfg: dict[str, Any]) -> None:
        self.dut = dut
        self.cfg = cfg
        self.cands: list[str] = cfg["candidates"]
        # Icarus drops the packed net of a candidate that drives none of its outputs (all z):
        # such a candidate reads as all z, so it fails as a functional mismatch, not as a crash.
        self.handles = [getattr(dut, f"va_all_{c}", None) for c in self.cands]
        self.undriven = "z" * cfg["out_width"]
        self.ref = dut.va_all_ref
        self.rows: list[tuple[float, str, str, str, list[str]]] = []

    def sample(self, in_bits: str, clk: str) -> None:
        t = get_sim_time("ns")
        acts = [str(h.value).lower() if h is not None else self.undriven for h in self.handles]
        self.rows.append((t, clk, in_bits, str(self.ref.value).lower(), acts))


def pack(cfg: dict[str, Any], vec: dict[str, int]) -> int:
    """All inputs but the clock as one integer laid out like ``va_in``."""
    v = 0
    for p in cfg["inputs"]:
        v |= (vec[p["name"]] & ((1 << p["width"]) - 1)) << p["offset"]
    return v


def analyse(cfg: dict[str, Any], rec: Recorder) -> dict[str, Any]:
    """Per-candidate verdicts from the recorded samples."""
    outs = cfg["outputs"]
    total = cfg["out_width"]
    slices = [(o["name"], total - o["offset"] - o["width"], total - o["offset"]) for o in outs]
    in_total = cfg["in_width"]
    in_slices = [(p["name"], in_total - p["offset"] - p["width"], in_total - p["offset"]) for p in cfg["inputs"]]
    n = len(rec.rows)
    dont_care = {name: 0 for name, _, _ in slices}
    for _, _, _, ref, _ in rec.rows:
        for name, a, b in slices:
            if any(ch not in KNOWN for ch in ref[a:b]):
                dont_care[name] += 1
    share = {k: (v / n if n else 0.0) for k, v in dont_care.items()}
    vacuous_outputs = [k for k, v in share.items() if v > cfg["vacuous_share"]]

    def row(i: int, k: int) -> dict[str, Any]:
        t, clk, ins, ref, cands = rec.rows[i]
        act = cands[k]
        inputs = {name: _fmt(ins[a:b]) for name, a, b in in_slices}
        if cfg.get("clock"):
            inputs = {cfg["clock"]["name"]: clk, **inputs}
        bad = [name for name, a, b in slices
               if any(e in KNOWN and x != e for e, x in zip(ref[a:b], act[a:b], strict=True))]
        return {"time": f"{t:g} ns",
                "inputs": inputs,
                "expected": {name: _fmt(ref[a:b]) for name, a, b in slices},
                "actual": {name: _fmt(act[a:b]) for name, a, b in slices},
                "mismatch": bad}

    result: dict[str, Any] = {}
    for k, key in enumerate(rec.cands):
        mism = {name: 0 for name, _, _ in slices}
        first = None
        for i, (_, _, _, ref, cands) in enumerate(rec.rows):
            act = cands[k]
            if act == ref:
                continue
            for name, a, b in slices:
                if any(e in KNOWN and x != e for e, x in zip(ref[a:b], act[a:b], strict=True)):
                    mism[name] += 1
                    if first is None:
                        first = i
        window = []
        first_time = None
        if first is not None:
            first_time = f"{rec.rows[first][0]:g} ns"
            lo = max(0, first - 4)
            window = [row(i, k) for i in range(lo, min(n, lo + 8))]
        result[key] = {"passed": first is None and n > 0, "mismatches": {k2: v for k2, v in mism.items() if v},
                       "first_mismatch_time": first_time, "window": window}
    return {"complete": True, "samples": n, "dont_care_share": share, "vacuous_outputs": vacuous_outputs,
            "candidates": result}


async def drive(dut: Any, cfg: dict[str, Any], stim: Stimulus, rec: Recorder,
                first: list[dict[str, int]] | None = None) -> list[bool]:
    """Drive ``first`` (combinational only), then the seeded stimulus, sampling every output into
    ``rec``; returns, per sample, whether reset was asserted."""
    resets: list[bool] = []
    in_w = cfg["in_width"]
    clock = cfg.get("clock")
    if clock is None:
        for vec in (first or []) + stim.combinational():
            v = pack(cfg, vec)
            if in_w:
                dut.va_in.value = v
            await Timer(1, unit="ns")
            rec.sample(format(v, f"0{in_w}b") if in_w else "", "")
            resets.append(False)
            await Timer(1, unit="ns")
        return resets
    active = 0 if clock["edge"] == "negedge" else 1
    clk = dut.va_clk
    clk.value = 1 - active
    if in_w:
        dut.va_in.value = pack(cfg, stim.vector({}, reset=stim.reset is not None))
    for vec, in_reset in stim.sequential():
        v = pack(cfg, vec)
        bits = format(v, f"0{in_w}b") if in_w else ""
        await Timer(1, unit="ns")
        if in_w:
            dut.va_in.value = v
        await Timer(3, unit="ns")
        rec.sample(bits, str(1 - active))
        clk.value = active
        await Timer(4, unit="ns")
        rec.sample(bits, str(active))
        resets += [in_reset, in_reset]
        clk.value = 1 - active
        await Timer(1, unit="ns")
    return resets


@cocotb.test()
async def equivalence(dut: Any) -> None:
    """Drive the stimulus, sample all outputs, write the verdicts as JSON."""
    with open(os.environ["VERIAGENT_EQ_CONFIG"]) as f:
        cfg = json.load(f)
    stim = Stimulus(cfg)
    rec = Recorder(dut, cfg)
    await drive(dut, cfg, stim, rec)
    out = analyse(cfg, rec)
    with open(os.path.join(os.environ["VERIAGENT_VERDICT_DIR"], cfg["result_file"]), "w") as f:
        json.dump(out, f)
