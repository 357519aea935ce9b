"""Designer tests for rise_capture_clr: sticky rising-edge flags with per-bit clear (cocotb 2.x, toplevel top_module)."""

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
        self.prev = None
        self.flags = None

    def outputs(self, v):
        return {} if self.flags is None else {"flags": self.flags}

    def step(self, v):
        if v["reset"]:
            self.flags = 0
        elif self.flags is not None and self.prev is not None:
            rise = v["sig"] & ~self.prev & 0xFF
            self.flags = rise | (self.flags & ~v["clr"] & 0xFF)
        self.prev = v["sig"]


@cocotb.test()
async def directed(dut):
    vs = [dict(reset=1, sig=0xFF, clr=0)] * 2
    vs += [dict(reset=0, sig=0xFF, clr=0)] * 2          # level present at reset: no edge
    vs += [dict(reset=0, sig=0x0F, clr=0), dict(reset=0, sig=0x3F, clr=0)]   # bits 4,5 rise
    vs += [dict(reset=0, sig=0x3F, clr=0x10)]            # clear bit 4
    vs += [dict(reset=0, sig=0x00, clr=0), dict(reset=0, sig=0x01, clr=0x01)]  # rise wins over clear
    vs += [dict(reset=0, sig=0x01, clr=0xFF)] * 2
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_traffic(dut):
    rng = random.Random(4)
    vs = [dict(reset=1, sig=0, clr=0)]
    for _ in range(500):
        vs.append(dict(reset=int(rng.random() < 0.02), sig=rng.randrange(256),
                       clr=rng.randrange(256) & rng.randrange(256)))
    await drive(dut, Model(), vs)
