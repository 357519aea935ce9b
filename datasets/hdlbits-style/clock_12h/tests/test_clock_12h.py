"""Designer tests for clock_12h: model keeping the time as hour/minute/second integers (cocotb 2.x, toplevel top_module)."""

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


def b(n):
    return ((n // 10) << 4) | (n % 10)


class Model:
    def __init__(self):
        self.t = None

    def outputs(self, v):
        if self.t is None:
            return {}
        h, m, s, pm = self.t
        return {"hh": b(h), "mm": b(m), "ss": b(s), "pm": pm}

    def step(self, v):
        if v["reset"]:
            self.t = (12, 0, 0, 0)
            return
        if self.t is None:
            return
        h, m, s, pm = self.t
        adv_min = False
        if v["inc_min"]:
            adv_min = True
        elif v["inc_sec"]:
            s = (s + 1) % 60
            adv_min = s == 0
        if adv_min:
            m = (m + 1) % 60
            if m == 0:
                if h == 11:
                    pm ^= 1
                h = 1 if h == 12 else h + 1
        self.t = (h, m, s, pm)


def v(reset=0, inc_sec=0, inc_min=0):
    return dict(reset=reset, inc_sec=inc_sec, inc_min=inc_min)


@cocotb.test()
async def noon_and_midnight(dut):
    vs = [v(reset=1)] * 2
    vs += [v(inc_min=1)] * (11 * 60 + 59)       # 11:59:00 AM
    vs += [v(inc_sec=1)] * 59                   # 11:59:59 AM
    vs += [v(inc_sec=1)]                        # 12:00:00 PM
    vs += [v(inc_sec=1, inc_min=1)] * 3         # minutes only
    vs += [v(inc_min=1)] * (12 * 60)            # around to AM
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_ticks(dut):
    rng = random.Random(11)
    vs = [v(reset=1)] + [v(inc_sec=rng.randrange(2), inc_min=int(rng.random() < 0.6)) for _ in range(3000)]
    await drive(dut, Model(), vs)
