"""Designer tests for fsm_seq_0110_mealy: non-overlapping Mealy detection model (cocotb 2.x, toplevel top_module)."""

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

    def outputs(self, v):
        if self.hist is None:
            return {}
        return {"hit": int((self.hist + [v["x"]])[-4:] == [0, 1, 1, 0])}

    def step(self, v):
        if v["reset"]:
            self.hist = []
        elif self.hist is not None:
            self.hist.append(v["x"])
            if self.hist[-4:] == [0, 1, 1, 0]:
                self.hist = []          # non-overlapping: the matched bits are used up


def bits(s):
    return [dict(reset=0, x=int(c)) for c in s]


@cocotb.test()
async def spec_examples(dut):
    vs = [dict(reset=1, x=0)] * 2 + bits("0110110") + [dict(reset=1, x=0)] + bits("01100110" "0110")
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_stream(dut):
    rng = random.Random(8)
    vs = [dict(reset=1, x=0)] + [dict(reset=int(rng.random() < 0.02), x=rng.randrange(2)) for _ in range(800)]
    await drive(dut, Model(), vs)
