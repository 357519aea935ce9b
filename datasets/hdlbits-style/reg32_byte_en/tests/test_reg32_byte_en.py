import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


@cocotb.test()
async def byte_lane_writes(dut):
    """Random byte-enable writes against a byte-lane model, with asynchronous resets."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(53)
    dut.areset_n.value = 0
    dut.be.value = 0xF
    dut.wdata.value = 0xFFFFFFFF
    await Timer(1, unit="ns")
    assert int(dut.q.value) == 0, "q must be 0 while areset_n is 0"
    await FallingEdge(dut.clk)
    dut.areset_n.value = 1
    model = 0
    for cycle in range(300):
        assert int(dut.q.value) == model, f"cycle {cycle}: q={int(dut.q.value):#010x}, expected {model:#010x}"
        be = rng.randrange(16)
        wdata = rng.randrange(1 << 32)
        dut.be.value = be
        dut.wdata.value = wdata
        for lane in range(4):
            if be >> lane & 1:
                mask = 0xFF << (8 * lane)
                model = (model & ~mask) | (wdata & mask)
        await FallingEdge(dut.clk)
        if rng.random() < 0.05:
            await Timer(1, unit="ns")
            dut.areset_n.value = 0
            await Timer(1, unit="ns")
            assert int(dut.q.value) == 0, f"cycle {cycle}: asynchronous reset did not clear q"
            dut.areset_n.value = 1
            model = 0
