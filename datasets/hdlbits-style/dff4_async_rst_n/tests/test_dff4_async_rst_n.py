import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


@cocotb.test()
async def async_clear_and_load(dut):
    """q follows d on rising edges; dropping rst_n between edges clears q at once."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(47)
    dut.rst_n.value = 0
    dut.d.value = 0xF
    await Timer(1, unit="ns")
    assert int(dut.q.value) == 0, "q must be 0 while rst_n is 0"
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    assert int(dut.q.value) == 0, "clock edges must be ignored while rst_n is 0"
    dut.rst_n.value = 1
    expected = 0
    for cycle in range(150):
        assert int(dut.q.value) == expected, f"cycle {cycle}: q={int(dut.q.value)}, expected {expected}"
        d = rng.randrange(16)
        dut.d.value = d
        expected = d
        await FallingEdge(dut.clk)
        if rng.random() < 0.1 and expected != 0:
            # pulse reset well away from the rising edge
            await Timer(1, unit="ns")
            dut.rst_n.value = 0
            await Timer(1, unit="ns")
            assert int(dut.q.value) == 0, f"cycle {cycle}: asynchronous reset did not clear q immediately"
            dut.rst_n.value = 1
            expected = 0
            await Timer(1, unit="ns")
            assert int(dut.q.value) == 0
