"""Designer tests for fsm_rr_arbiter: round-robin with four-cycle grant limit (cocotb 2.x, toplevel top_module)."""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


async def drive(dut, model, vectors):
    """Apply one input dict per clock cycle; compare every output with the model before the edge."""
    Clock(dut.clk, 10, unit="ns").start()
    for i, vec in enumerate(vectors):
        await FallingEdge(dut.clk)
        for name, value in vec.items():
            getattr(dut, name).value = value
        await Timer(1, "ns")
        for name, want in model.outputs(vec).items():
            got = int(getattr(dut, name).value)
            assert got == want, f"cycle {i}: {name} = {got:#x}, expected {want:#x} (inputs {vec})"
        model.step(vec)


class Model:
    def __init__(self):
        self.s = None

    def outputs(self, v):
        if self.s is None:
            return {}
        holder, _last, _cnt = self.s
        return {"gnt": 0 if holder is None else 1 << holder}

    def step(self, v):
        if v["reset"]:
            self.s = (None, 1, 0)
            return
        if self.s is None:
            return
        holder, last, cnt = self.s
        req = [v["req"] & 1, (v["req"] >> 1) & 1]
        if holder is not None and req[holder] and not (req[1 - holder] and cnt == 4):
            self.s = (holder, last, min(cnt + 1, 4))
        elif req[1 - last]:
            self.s = (1 - last, 1 - last, 1)
        elif req[last]:
            self.s = (last, last, 1)
        else:
            self.s = (None, last, 0)


@cocotb.test()
async def limit_and_alternate(dut):
    vs = [dict(reset=1, req=0)] * 2
    vs += [dict(reset=0, req=3)] * 12          # both busy: grants alternate every four cycles
    vs += [dict(reset=0, req=1)] * 7           # alone: holds indefinitely
    vs += [dict(reset=0, req=0), dict(reset=0, req=3), dict(reset=0, req=2), dict(reset=0, req=0)]
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_requests(dut):
    rng = random.Random(21)
    vs = [dict(reset=1, req=0)]
    vs += [dict(reset=int(rng.random() < 0.01), req=rng.choice([0, 1, 2, 3, 3, 3])) for _ in range(800)]
    await drive(dut, Model(), vs)
