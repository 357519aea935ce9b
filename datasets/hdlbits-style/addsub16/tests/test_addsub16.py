import random

import cocotb
from cocotb.triggers import Timer


def s16(v: int) -> int:
    return v - 65536 if v & 0x8000 else v


@cocotb.test()
async def add_and_subtract(dut):
    """Boundary operands and random operands in both modes."""
    rng = random.Random(23)
    corners = [0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x1234]
    pairs = [(x, y) for x in corners for y in corners]
    pairs += [(rng.randrange(1 << 16), rng.randrange(1 << 16)) for _ in range(300)]
    for a, b in pairs:
        for sub in (0, 1):
            dut.a.value = a
            dut.b.value = b
            dut.sub.value = sub
            await Timer(1, unit="ns")
            if sub:
                want = (a - b) % 65536
                carry = int(a >= b)
                true_val = s16(a) - s16(b)
            else:
                want = (a + b) % 65536
                carry = int(a + b >= 65536)
                true_val = s16(a) + s16(b)
            ovf = int(not -32768 <= true_val <= 32767)
            tag = f"a={a:#06x} b={b:#06x} sub={sub}"
            assert int(dut.result.value) == want, f"{tag}: result={int(dut.result.value):#06x}"
            assert int(dut.carry.value) == carry, f"{tag}: carry wrong"
            assert int(dut.ovf.value) == ovf, f"{tag}: ovf wrong"
