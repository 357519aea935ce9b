"""cocotb harness of the behaviour comparison: N drafts side by side, every output recorded.

Unlike ``equivalence_tb`` there is no reference: the parent (``veriagent.sim.behaviour``) clusters
the drafts by what they output and runs the reference models on the recorded inputs. It reuses the
judge's wrapper (draft 0 in the ``ref`` slot) and its seeded :class:`Stimulus`; the spec's own
combinational examples (``cfg["first_vectors"]``) are driven first. Writes, to
``$VERIAGENT_VERDICT_DIR``, per sample: time, clock level, packed inputs, whether reset was
asserted, and each draft's packed outputs as a bit string (x/z kept as the simulator printed them).
Standard library + cocotb only.
"""

from __future__ import annotations

import json
import os
from typing import Any

import cocotb
from cocotb.triggers import Timer
from equivalence_tb import Recorder, Stimulus, pack


@cocotb.test()
async def behaviour(dut: Any) -> None:
    """Drive the stimulus, record every draft's outputs at every sample, write them as JSON."""
    with open(os.environ["VERIAGENT_EQ_CONFIG"]) as f:
        cfg = json.load(f)
    stim = Stimulus(cfg)
    rec = Recorder(dut, cfg)
    resets: list[bool] = []
    in_w = cfg["in_width"]
    clock = cfg.get("clock")
    if clock is None:
        first = [stim.vector(v) for v in cfg.get("first_vectors", [])]
        for vec in first + stim.combinational():
            v = pack(cfg, vec)
            if in_w:
                dut.va_in.value = v
            await Timer(1, unit="ns")
            rec.sample(format(v, f"0{in_w}b") if in_w else "", "")
            resets.append(False)
            await Timer(1, unit="ns")
    else:
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
    out = {"complete": True, "samples": [[t, c, i, r] for (t, c, i, _, _), r in zip(rec.rows, resets, strict=True)],
           "outputs": {"ref": [row[3] for row in rec.rows],
                       **{k: [row[4][j] for row in rec.rows] for j, k in enumerate(rec.cands)}}}
    with open(os.path.join(os.environ["VERIAGENT_VERDICT_DIR"], cfg["result_file"]), "w") as f:
        json.dump(out, f)
