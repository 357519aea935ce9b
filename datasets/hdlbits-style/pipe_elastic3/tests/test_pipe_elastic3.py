"""Designer tests for pipe_elastic3: scoreboard (order, transform, no loss) plus cycle model (cocotb 2.x, toplevel top_module)."""

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


def f(x):
    d1 = (x + 1) & 0xFF
    d2 = d1 ^ 0x5A
    return ((d2 << 1) | (d2 >> 7)) & 0xFF


class Model:
    def __init__(self):
        self.st = None      # [(v1, d1), (v2, d2), (v3, d3)]

    def outputs(self, v):
        if self.st is None:
            return {}
        (v1, _), (v2, _), (v3, d3) = self.st
        r3 = (not v3) or v["out_ready"]
        r2 = (not v2) or r3
        r1 = (not v1) or r2
        return {"in_ready": int(r1), "out_valid": v3, "out_data": d3}

    def step(self, v):
        if v["reset"]:
            self.st = [(0, 0), (0, 0), (0, 0)]
            return
        if self.st is None:
            return
        (v1, d1), (v2, d2), (v3, d3) = self.st
        r3 = (not v3) or v["out_ready"]
        r2 = (not v2) or r3
        r1 = (not v1) or r2
        n3 = (v2, ((d2 << 1) | (d2 >> 7)) & 0xFF) if r3 else (v3, d3)
        n2 = (v1, d1 ^ 0x5A) if r2 else (v2, d2)
        n1 = (v["in_valid"], (v["in_data"] + 1) & 0xFF) if r1 else (v1, d1)
        self.st = [n1, n2, n3]


@cocotb.test()
async def cycle_model(dut):
    rng = random.Random(16)
    vs = [dict(reset=1, in_valid=0, in_data=0, out_ready=0)]
    vs += [dict(reset=int(rng.random() < 0.01), in_valid=rng.randrange(2), in_data=rng.randrange(256),
                out_ready=int(rng.random() < 0.6)) for _ in range(1000)]
    await drive(dut, Model(), vs)


@cocotb.test()
async def scoreboard(dut):
    """Every accepted word comes out once, in order, transformed; with no stall, latency is 3."""
    Clock(dut.clk, 10, unit="ns").start()
    rng = random.Random(17)
    dut.reset.value = 1
    dut.in_valid.value = 0
    dut.in_data.value = 0
    dut.out_ready.value = 1
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.reset.value = 0
    sent, got = [], []
    for i in range(400):
        stall_phase = 100 <= i < 200
        dut.in_valid.value = vld = rng.randrange(2)
        dut.in_data.value = data = rng.randrange(256)
        dut.out_ready.value = rdy = int(rng.random() < (0.3 if stall_phase else 1.0))
        await Timer(1, "ns")
        if vld and int(dut.in_ready.value):
            sent.append(data)
        if rdy and int(dut.out_valid.value):
            got.append(int(dut.out_data.value))
        await FallingEdge(dut.clk)
    assert got == [f(x) for x in sent[: len(got)]]
    assert len(sent) - len(got) <= 3
