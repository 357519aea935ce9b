import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def magnitude_and_sign(dut):
    """Extremes, small values and random values."""
    rng = random.Random(71)
    for x in [0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0xFFFE] + [rng.randrange(1 << 16) for _ in range(400)]:
        dut.x.value = x
        await Timer(1, unit="ns")
        value = x - 65536 if x & 0x8000 else x
        assert int(dut.mag.value) == abs(value), (
            f"x={x:#06x}: mag={int(dut.mag.value):#06x}, expected {abs(value):#06x}"
        )
        assert int(dut.neg.value) == int(value < 0), f"x={x:#06x}: neg wrong"
