"""Designer tests for fifo_sync_4: queue model incl. full+write+read and empty+write+read (cocotb 2.x, toplevel top_module)."""

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
        self.q = None

    def outputs(self, v):
        if self.q is None:
            return {}
        return {"rd_data": self.q[0] if self.q else 0, "full": int(len(self.q) == 4), "empty": int(not self.q)}

    def step(self, v):
        if v["reset"]:
            self.q = []
            return
        if self.q is None:
            return
        do_wr = v["wr_en"] and len(self.q) < 4
        do_rd = v["rd_en"] and len(self.q) > 0
        if do_rd:
            self.q.pop(0)
        if do_wr:
            self.q.append(v["wr_data"])


def op(wr=0, d=0, rd=0):
    return dict(reset=0, wr_en=wr, wr_data=d, rd_en=rd)


@cocotb.test()
async def corner_cases(dut):
    vs = [dict(reset=1, wr_en=0, wr_data=0, rd_en=0)] * 2
    vs += [op(rd=1), op(wr=1, d=0x11, rd=1)]              # read on empty ignored; empty+both = write only
    vs += [op(wr=1, d=0x22), op(wr=1, d=0x33), op(wr=1, d=0x44), op(wr=1, d=0x55)]  # 4th full, 5th refused
    vs += [op(wr=1, d=0x66, rd=1)]                        # full + both: read only
    vs += [op(wr=1, d=0x77, rd=1)] * 3 + [op(rd=1)] * 5
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_traffic(dut):
    rng = random.Random(13)
    vs = [dict(reset=1, wr_en=0, wr_data=0, rd_en=0)]
    for i in range(1000):
        bias = 0.7 if (i // 50) % 2 else 0.3
        vs.append(dict(reset=int(rng.random() < 0.01), wr_en=int(rng.random() < bias), wr_data=rng.randrange(256),
                       rd_en=int(rng.random() < 1 - bias)))
    await drive(dut, Model(), vs)
