import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


@cocotb.test()
async def toggle_hold_reset(dut):
    """Random t with occasional asynchronous resets."""
    Clock(dut.clk, 10, unit="ns").start(start_high=False)
    rng = random.Random(59)
    dut.arst.value = 1
    dut.t.value = 1
    await Timer(1, unit="ns")
    assert int(dut.q.value) == 0 and int(dut.q_n.value) == 1
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    assert int(dut.q.value) == 0, "q must stay 0 while arst is 1"
    dut.arst.value = 0
    model = 0
    for cycle in range(300):
        assert int(dut.q.value) == model, f"cycle {cycle}: q={int(dut.q.value)}, expected {model}"
        assert int(dut.q_n.value) == 1 - model, f"cycle {cycle}: q_n is not the inverse of q"
        t = rng.randrange(2)
        dut.t.value = t
        model ^= t
        await FallingEdge(dut.clk)
        if rng.random() < 0.05:
            await Timer(1, unit="ns")
            dut.arst.value = 1
            await Timer(1, unit="ns")
            assert int(dut.q.value) == 0, f"cycle {cycle}: arst did not clear q at once"
            dut.arst.value = 0
            model = 0
