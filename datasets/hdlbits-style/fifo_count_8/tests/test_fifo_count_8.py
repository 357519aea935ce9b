"""Designer tests for fifo_count_8: queue model with count, registered read and pass-through when full (cocotb 2.x, toplevel top_module)."""

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
        q, rd_data, rd_valid = self.s
        n = len(q)
        return {"count": n, "empty": int(n == 0), "full": int(n == 8), "almost_full": int(n >= 6),
                "rd_data": rd_data, "rd_valid": rd_valid}

    def step(self, v):
        if v["reset"]:
            self.s = ([], 0, 0)
            return
        if self.s is None:
            return
        q, rd_data, _ = self.s
        do_rd = v["rd_en"] and len(q) > 0
        do_wr = v["wr_en"] and (len(q) < 8 or do_rd)
        if do_rd:
            rd_data = q.pop(0)
        if do_wr:
            q.append(v["wr_data"])
        self.s = (q, rd_data, int(bool(do_rd)))


def op(wr=0, d=0, rd=0):
    return dict(reset=0, wr_en=wr, wr_data=d, rd_en=rd)


@cocotb.test()
async def fill_pass_drain(dut):
    vs = [dict(reset=1, wr_en=0, wr_data=0, rd_en=0)] * 2
    vs += [op(wr=1, d=0x10, rd=1)]                       # empty + both: write only
    vs += [op(wr=1, d=0x11 + i) for i in range(8)]       # fills to 8, last refused
    vs += [op(wr=1, d=0xAA, rd=1), op(wr=1, d=0xBB, rd=1)]   # full + both: both accepted
    vs += [op(rd=1)] * 10
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_traffic(dut):
    rng = random.Random(14)
    vs = [dict(reset=1, wr_en=0, wr_data=0, rd_en=0)]
    for i in range(1500):
        bias = 0.75 if (i // 60) % 2 else 0.3
        vs.append(dict(reset=int(rng.random() < 0.005), wr_en=int(rng.random() < bias),
                       wr_data=rng.randrange(256), rd_en=int(rng.random() < 1 - bias)))
    await drive(dut, Model(), vs)
