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
from equivalence_tb import Recorder, Stimulus, drive


@cocotb.test()
async def behaviour(dut: Any) -> None:
    """Drive the stimulus, record every draft's outputs at every sample, write them as JSON."""
    with open(os.environ["VERIAGENT_EQ_CONFIG"]) as f:
        cfg = json.load(f)
    stim = Stimulus(cfg)
    rec = Recorder(dut, cfg)
    first = [stim.vector(v) for v in cfg.get("first_vectors", [])] if cfg.get("clock") is None else []
    resets = await drive(dut, cfg, stim, rec, first)
    out = {"complete": True, "samples": [[t, c, i, r] for (t, c, i, _, _), r in zip(rec.rows, resets, strict=True)],
           "outputs": {"ref": [row[3] for row in rec.rows],
                       **{k: [row[4][j] for row in rec.rows] for j, k in enumerate(rec.cands)}}}
    with open(os.path.join(os.environ["VERIAGENT_VERDICT_DIR"], cfg["result_file"]), "w") as f:
        json.dump(out, f)
