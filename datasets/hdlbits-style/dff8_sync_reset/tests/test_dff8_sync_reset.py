import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


@cocotb.test()
async def load_and_reset(dut):
    """Random data with occasional resets; reset only acts on the clock edge."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(43)
    dut.reset.value = 1
    dut.d.value = 0x3C
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    assert int(dut.q.value) == 0xA0, "q must be 8'hA0 after a synchronous reset"
    expected = 0xA0
    for cycle in range(200):
        assert int(dut.q.value) == expected, (
            f"cycle {cycle}: q={int(dut.q.value):#04x}, expected {expected:#04x}"
        )
        rst = int(rng.random() < 0.1)
        d = rng.randrange(256)
        dut.reset.value = rst
        dut.d.value = d
        expected = 0xA0 if rst else d
        await FallingEdge(dut.clk)


@cocotb.test()
async def reset_is_synchronous(dut):
    """Raising reset between edges must not change q until the next rising edge."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    dut.reset.value = 0
    dut.d.value = 0x55
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    assert int(dut.q.value) == 0x55
    dut.reset.value = 1
    await Timer(2, unit="ns")  # still before the next rising edge
    assert int(dut.q.value) == 0x55, "reset changed q without a clock edge"
    await FallingEdge(dut.clk)
    assert int(dut.q.value) == 0xA0
