import random

import cocotb
from cocotb.triggers import Timer


def bit_reverse(v: int) -> int:
    return int(format(v, "016b")[::-1], 2)


def nibble_reverse(v: int) -> int:
    nibbles = [(v >> (4 * k)) & 0xF for k in range(4)]  # nibbles[0] = least significant
    out = 0
    for k, n in enumerate(nibbles):
        out |= n << (4 * (3 - k))
    return out


@cocotb.test()
async def directed_and_random(dut):
    """Single bits, single nibbles and random words."""
    rng = random.Random(7)
    values = [0, 0xFFFF, 0x0001, 0x8000, 0x000F, 0xF000, 0x1234, 0xA5C3]
    values += [1 << k for k in range(16)] + [rng.randrange(1 << 16) for _ in range(300)]
    for v in values:
        dut.din.value = v
        await Timer(1, unit="ns")
        assert int(dut.bit_rev.value) == bit_reverse(v), (
            f"din={v:#06x}: bit_rev={int(dut.bit_rev.value):#06x}"
        )
        assert int(dut.nib_rev.value) == nibble_reverse(v), (
            f"din={v:#06x}: nib_rev={int(dut.nib_rev.value):#06x}"
        )
