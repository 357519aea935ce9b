"""Designer tests for fsm_seq_1101_moore: reference model: the last four bits since reset (cocotb 2.x, toplevel top_module)."""

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
        self.hist = None
        self.found = 0

    def outputs(self, v):
        return {} if self.hist is None else {"found": self.found}

    def step(self, v):
        if v["reset"]:
            self.hist, self.found = [], 0
        elif self.hist is not None:
            self.hist.append(v["x"])
            self.found = int(self.hist[-4:] == [1, 1, 0, 1])


def bits(s):
    return [dict(reset=0, x=int(c)) for c in s]


@cocotb.test()
async def overlapping_example(dut):
    Clock(dut.clk, 10, unit="ns").start()
    dut.reset.value = 1
    dut.x.value = 1
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.reset.value = 0
    seen = []
    for c in "1101101" "0":
        dut.x.value = int(c)
        await FallingEdge(dut.clk)
        seen.append(int(dut.found.value))
    assert seen == [0, 0, 0, 1, 0, 0, 1, 0], seen


@cocotb.test()
async def random_stream(dut):
    rng = random.Random(1)
    vs = [dict(reset=1, x=1)] + bits("11011011101101") + [dict(reset=1, x=1)] + bits("101")
    vs += [dict(reset=int(rng.random() < 0.02), x=int(rng.random() < 0.6)) for _ in range(800)]
    await drive(dut, Model(), vs)
