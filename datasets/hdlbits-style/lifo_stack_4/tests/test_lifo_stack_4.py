"""Designer tests for lifo_stack_4: list model of push/pop/replace (cocotb 2.x, toplevel top_module)."""

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
        self.st = None

    def outputs(self, v):
        if self.st is None:
            return {}
        n = len(self.st)
        return {"top": self.st[-1] if self.st else 0, "depth": n, "empty": int(n == 0), "full": int(n == 4)}

    def step(self, v):
        if v["reset"]:
            self.st = []
            return
        if self.st is None:
            return
        if v["push"] and v["pop"]:
            if self.st:
                self.st[-1] = v["din"]
            else:
                self.st.append(v["din"])
        elif v["push"]:
            if len(self.st) < 4:
                self.st.append(v["din"])
        elif v["pop"] and self.st:
            self.st.pop()


def op(push=0, pop=0, din=0):
    return dict(reset=0, push=push, pop=pop, din=din)


@cocotb.test()
async def corner_cases(dut):
    vs = [dict(reset=1, push=0, pop=0, din=0)] * 2
    vs += [op(pop=1), op(push=1, pop=1, din=0xA1)]              # pop empty ignored, push+pop on empty
    vs += [op(push=1, din=0xB2), op(push=1, din=0xC3), op(push=1, din=0xD4), op(push=1, din=0xE5)]
    vs += [op(push=1, pop=1, din=0xF6)]                          # replace top while full
    vs += [op(pop=1)] * 5
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_ops(dut):
    rng = random.Random(15)
    vs = [dict(reset=1, push=0, pop=0, din=0)]
    vs += [dict(reset=int(rng.random() < 0.01), push=rng.randrange(2), pop=rng.randrange(2), din=rng.randrange(256))
           for _ in range(1000)]
    await drive(dut, Model(), vs)
