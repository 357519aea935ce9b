import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def select_each_input(dut):
    """Random data, every select value."""
    rng = random.Random(5)
    for _ in range(100):
        vals = [rng.randrange(16) for _ in range(4)]
        dut.w.value, dut.x.value, dut.y.value, dut.z.value = vals
        for sel in range(4):
            dut.sel.value = sel
            await Timer(1, unit="ns")
            assert int(dut.out.value) == vals[sel], f"w,x,y,z={vals} sel={sel}: out={int(dut.out.value)}"
