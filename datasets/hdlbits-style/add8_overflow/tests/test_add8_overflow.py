import random

import cocotb
from cocotb.triggers import Timer


def to_signed(v: int) -> int:
    return v - 256 if v & 0x80 else v


@cocotb.test()
async def corners_and_random(dut):
    """Sign boundaries plus random pairs."""
    rng = random.Random(17)
    corners = [0, 1, 0x7F, 0x80, 0x81, 0xFF, 0x40, 0xC0]
    pairs = [(x, y) for x in corners for y in corners]
    pairs += [(rng.randrange(256), rng.randrange(256)) for _ in range(400)]
    for a, b in pairs:
        dut.a.value = a
        dut.b.value = b
        await Timer(1, unit="ns")
        true_signed = to_signed(a) + to_signed(b)
        assert int(dut.s.value) == (a + b) % 256, f"a={a} b={b}: s wrong"
        assert int(dut.carry.value) == int(a + b >= 256), f"a={a} b={b}: carry wrong"
        assert int(dut.overflow.value) == int(not -128 <= true_signed <= 127), (
            f"a={a:#04x} b={b:#04x}: overflow wrong"
        )
