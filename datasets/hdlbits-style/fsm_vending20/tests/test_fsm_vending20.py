"""Designer tests for fsm_vending20: credit/vend/change model with cancel priority (cocotb 2.x, toplevel top_module)."""

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


VALUE = {0: 0, 1: 5, 2: 10, 3: 25}


class Model:
    def __init__(self):
        self.s = None

    def outputs(self, v):
        if self.s is None:
            return {}
        credit, vend, change = self.s
        return {"credit": credit, "vend": vend, "change": change}

    def step(self, v):
        if v["reset"]:
            self.s = (0, 0, 0)
            return
        if self.s is None:
            return
        total = self.s[0] + VALUE[v["coin"]]
        if v["cancel"]:
            self.s = (0, 0, total)
        elif total >= 20:
            self.s = (0, 1, total - 20)
        else:
            self.s = (total, 0, 0)


def c(coin, cancel=0):
    return dict(reset=0, coin=coin, cancel=cancel)


@cocotb.test()
async def purchases(dut):
    vs = [dict(reset=1, coin=0, cancel=0)] * 2
    vs += [c(2), c(0), c(2), c(0)]            # 10 + 10: vend, no change
    vs += [c(1), c(1), c(1), c(3), c(0)]      # 15 + 25: vend, change 20
    vs += [c(2), c(3, cancel=1), c(0)]        # cancel returns 35
    vs += [c(3), c(3), c(0)]                  # 25 straight away: change 5 twice
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_coins(dut):
    rng = random.Random(6)
    vs = [dict(reset=1, coin=0, cancel=0)]
    vs += [dict(reset=int(rng.random() < 0.02), coin=rng.randrange(4), cancel=int(rng.random() < 0.1))
           for _ in range(600)]
    await drive(dut, Model(), vs)
