"""Designer tests for debounce4: level changes only after four disagreeing samples (cocotb 2.x, toplevel top_module)."""

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
        level, _cnt, rose = self.s
        return {"level": level, "rose": rose}

    def step(self, v):
        if v["reset"]:
            self.s = (0, 0, 0)
            return
        if self.s is None:
            return
        level, cnt, _ = self.s
        if v["noisy"] == level:
            self.s = (level, 0, 0)
        elif cnt < 3:
            self.s = (level, cnt + 1, 0)
        else:
            self.s = (v["noisy"], 0, int(v["noisy"] == 1))


def n(bits):
    return [dict(reset=0, noisy=int(c)) for c in bits]


@cocotb.test()
async def directed_bounces(dut):
    vs = [dict(reset=1, noisy=0)] * 2
    vs += n("1110" "111" "1" "0000" "1110" "11" "1" "000" "0" "1111")
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_bursts(dut):
    rng = random.Random(9)
    vs = [dict(reset=1, noisy=0)]
    level = 0
    for _ in range(150):
        if rng.random() < 0.3:
            level ^= 1
        vs += [dict(reset=int(rng.random() < 0.01), noisy=level if rng.random() < 0.8 else 1 - level)
               for _ in range(rng.randint(1, 8))]
    await drive(dut, Model(), vs)
