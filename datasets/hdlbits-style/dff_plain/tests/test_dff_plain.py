import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


@cocotb.test()
async def follows_d_one_edge_later(dut):
    """q shows the d sampled at the previous rising edge."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(109)
    dut.d.value = 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    expected = 0
    for cycle in range(200):
        assert int(dut.q.value) == expected, f"cycle {cycle}: q={int(dut.q.value)}, expected {expected}"
        d = rng.randrange(2)
        dut.d.value = d
        expected = d
        await FallingEdge(dut.clk)
