import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def differences(dut):
    """Spec example, boundaries and random pairs."""
    rng = random.Random(103)
    pairs = [(3, 5), (5, 3), (0, 0), (0, 255), (255, 0), (128, 128)]
    pairs += [(rng.randrange(256), rng.randrange(256)) for _ in range(400)]
    for x, y in pairs:
        dut.x.value = x
        dut.y.value = y
        await Timer(1, unit="ns")
        assert int(dut.diff.value) == (x - y) % 256, f"{x}-{y}: diff={int(dut.diff.value)}"
        assert int(dut.borrow.value) == int(y > x), f"{x}-{y}: borrow wrong"
