import random

import cocotb
from cocotb.triggers import Timer


def s8(v: int) -> int:
    return v - 256 if v & 0x80 else v


@cocotb.test()
async def both_modes(dut):
    """Sign-boundary and random pairs, unsigned and signed."""
    rng = random.Random(29)
    corners = [0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF]
    pairs = [(x, y) for x in corners for y in corners]
    pairs += [(rng.randrange(256), rng.randrange(256)) for _ in range(300)]
    for a, b in pairs:
        for mode in (0, 1):
            dut.a.value = a
            dut.b.value = b
            dut.is_signed.value = mode
            await Timer(1, unit="ns")
            x, y = (s8(a), s8(b)) if mode else (a, b)
            got = (int(dut.lt.value), int(dut.eq.value), int(dut.gt.value))
            want = (int(x < y), int(x == y), int(x > y))
            assert got == want, f"a={a:#04x} b={b:#04x} signed={mode}: (lt,eq,gt)={got}, expected {want}"
