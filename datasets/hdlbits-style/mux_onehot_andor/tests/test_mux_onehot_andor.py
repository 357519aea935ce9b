import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_select_pattern(dut):
    """All 16 select patterns (none, one-hot, several) with random data."""
    rng = random.Random(21)
    for _ in range(60):
        data = [rng.randrange(256) for _ in range(4)]
        dut.d0.value, dut.d1.value, dut.d2.value, dut.d3.value = data
        for sel in range(16):
            dut.sel.value = sel
            await Timer(1, unit="ns")
            want = 0
            for k in range(4):
                if sel >> k & 1:
                    want |= data[k]
            got = int(dut.out.value)
            assert got == want, f"sel={sel:04b} data={data}: out={got:#04x}, expected {want:#04x}"
