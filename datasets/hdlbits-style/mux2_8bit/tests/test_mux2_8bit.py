import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def both_selects(dut):
    """Random bytes, both values of sel."""
    rng = random.Random(89)
    for _ in range(200):
        a, b = rng.randrange(256), rng.randrange(256)
        dut.a.value = a
        dut.b.value = b
        for sel in (0, 1):
            dut.sel.value = sel
            await Timer(1, unit="ns")
            assert int(dut.out.value) == (b if sel else a), f"a={a} b={b} sel={sel}: out={int(dut.out.value)}"
