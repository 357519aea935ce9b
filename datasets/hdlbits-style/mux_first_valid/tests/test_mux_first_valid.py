import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_valid_pattern(dut):
    """All sixteen valid patterns with random bytes."""
    rng = random.Random(101)
    for _ in range(40):
        data = [rng.randrange(256) for _ in range(4)]
        dut.d0.value, dut.d1.value, dut.d2.value, dut.d3.value = data
        for valid in range(16):
            dut.valid.value = valid
            await Timer(1, unit="ns")
            chosen = next((k for k in range(4) if valid >> k & 1), None)
            want = (0, 0, 0) if chosen is None else (1, chosen, data[chosen])
            got = (int(dut.any.value), int(dut.idx.value), int(dut.out.value))
            assert got == want, f"valid={valid:04b} data={data}: (any,idx,out)={got}, expected {want}"
