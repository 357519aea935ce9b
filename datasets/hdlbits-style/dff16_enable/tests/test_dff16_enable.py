import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


@cocotb.test()
async def load_hold_reset(dut):
    """Random enable/reset/data against the priority rules in the spec."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(113)
    dut.reset.value = 1
    dut.en.value = 1
    dut.d.value = 0xBEEF
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    assert int(dut.q.value) == 0, "reset must win over en"
    model = 0
    for cycle in range(300):
        assert int(dut.q.value) == model, f"cycle {cycle}: q={int(dut.q.value):#06x}, expected {model:#06x}"
        rst, en, d = int(rng.random() < 0.08), rng.randrange(2), rng.randrange(1 << 16)
        dut.reset.value = rst
        dut.en.value = en
        dut.d.value = d
        model = 0 if rst else (d if en else model)
        await FallingEdge(dut.clk)
