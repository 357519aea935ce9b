"""Designer tests for bcd_counter_3digit: decimal model, full 000..999 wrap (cocotb 2.x, toplevel top_module)."""

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


def bcd(n):
    return ((n // 100) << 8) | (((n // 10) % 10) << 4) | (n % 10)


class Model:
    def __init__(self):
        self.n = None

    def outputs(self, v):
        if self.n is None:
            return {}
        ones9 = self.n % 10 == 9
        tens9 = (self.n // 10) % 10 == 9
        return {"q": bcd(self.n), "carry": (int(v["en"] and ones9 and tens9) << 1) | int(v["en"] and ones9)}

    def step(self, v):
        if v["reset"]:
            self.n = 0
        elif self.n is not None and v["en"]:
            self.n = (self.n + 1) % 1000


@cocotb.test()
async def count_through_wrap(dut):
    rng = random.Random(3)
    vs = [dict(reset=1, en=1)] * 2
    vs += [dict(reset=0, en=1)] * 1005
    vs += [dict(reset=0, en=rng.randrange(2)) for _ in range(300)]
    vs += [dict(reset=1, en=1), dict(reset=0, en=0)]
    await drive(dut, Model(), vs)
