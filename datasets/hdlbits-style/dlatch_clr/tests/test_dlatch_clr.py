import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def transparent_hold_clear(dut):
    """A random sequence of input steps against a latch model."""
    rng = random.Random(67)
    dut.clr_n.value = 0
    dut.en.value = 0
    dut.d.value = 1
    await Timer(1, unit="ns")
    assert int(dut.q.value) == 0, "clr_n = 0 must force q to 0"
    model = 0
    for step in range(400):
        d, en, clr_n = rng.randrange(2), rng.randrange(2), int(rng.random() < 0.9)
        dut.d.value = d
        dut.en.value = en
        dut.clr_n.value = clr_n
        await Timer(1, unit="ns")
        if not clr_n:
            model = 0
        elif en:
            model = d
        assert int(dut.q.value) == model, (
            f"step {step} d={d} en={en} clr_n={clr_n}: q={int(dut.q.value)}, expected {model}"
        )


@cocotb.test()
async def holds_while_closed(dut):
    """With en = 0, changes of d must not reach q."""
    dut.clr_n.value = 1
    dut.en.value = 1
    dut.d.value = 1
    await Timer(1, unit="ns")
    assert int(dut.q.value) == 1
    dut.en.value = 0
    await Timer(1, unit="ns")
    for d in (0, 1, 0, 0, 1, 0):
        dut.d.value = d
        await Timer(1, unit="ns")
        assert int(dut.q.value) == 1, "q changed while the latch was closed"
    dut.en.value = 1
    await Timer(1, unit="ns")
    assert int(dut.q.value) == 0, "q must follow d once the latch opens again"
