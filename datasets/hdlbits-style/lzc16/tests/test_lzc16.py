import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def powers_and_random(dut):
    """Zero, every power of two, every power of two minus one, random words."""
    rng = random.Random(37)
    words = [0, 0x8000, 0x0001, 0x00F0, 0xFFFF] + [1 << k for k in range(16)]
    words += [(1 << k) - 1 for k in range(1, 17)] + [rng.randrange(1 << 16) for _ in range(300)]
    for w in words:
        dut.x.value = w
        await Timer(1, unit="ns")
        want = 16 - w.bit_length()
        assert int(dut.count.value) == want, f"x={w:#06x}: count={int(dut.count.value)}, expected {want}"
        assert int(dut.zero.value) == int(w == 0), f"x={w:#06x}: zero wrong"
