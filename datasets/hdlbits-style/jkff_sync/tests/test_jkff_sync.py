import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge


@cocotb.test()
async def jk_table(dut):
    """Random j/k/reset sequences against the JK table."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(61)
    dut.reset.value = 1
    dut.j.value = 0
    dut.k.value = 0
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    model = 0
    for cycle in range(400):
        assert int(dut.q.value) == model, f"cycle {cycle}: q={int(dut.q.value)}, expected {model}"
        rst = int(rng.random() < 0.05)
        j, k = rng.randrange(2), rng.randrange(2)
        dut.reset.value = rst
        dut.j.value = j
        dut.k.value = k
        if rst:
            model = 0
        else:
            model = {(0, 0): model, (0, 1): 0, (1, 0): 1, (1, 1): 1 - model}[(j, k)]
        await FallingEdge(dut.clk)
