"""Designer tests for valid_ready_slice: transfer scoreboard and cycle model (cocotb 2.x, toplevel top_module)."""

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
        ov, od = self.s
        return {"in_ready": int((not ov) or v["out_ready"]), "out_valid": ov, "out_data": od}

    def step(self, v):
        if v["reset"]:
            self.s = (0, 0)
            return
        if self.s is None:
            return
        ov, od = self.s
        if (not ov) or v["out_ready"]:
            self.s = (v["in_valid"], v["in_data"] if v["in_valid"] else od)


@cocotb.test()
async def cycle_model(dut):
    rng = random.Random(18)
    vs = [dict(reset=1, in_valid=0, in_data=0, out_ready=0)]
    vs += [dict(reset=int(rng.random() < 0.01), in_valid=rng.randrange(2), in_data=rng.randrange(256),
                out_ready=rng.randrange(2)) for _ in range(600)]
    await drive(dut, Model(), vs)


@cocotb.test()
async def full_throughput(dut):
    """With the consumer always ready, one word per cycle passes with one cycle of latency."""
    Clock(dut.clk, 10, unit="ns").start()
    dut.reset.value = 1
    dut.in_valid.value = 0
    dut.in_data.value = 0
    dut.out_ready.value = 1
    await FallingEdge(dut.clk)
    dut.reset.value = 0
    out = []
    for i in range(20):
        dut.in_valid.value = 1
        dut.in_data.value = i
        await Timer(1, "ns")
        assert int(dut.in_ready.value) == 1
        if int(dut.out_valid.value):
            out.append(int(dut.out_data.value))
        await FallingEdge(dut.clk)
    assert out == list(range(19))
