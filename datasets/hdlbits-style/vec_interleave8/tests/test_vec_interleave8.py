import random

import cocotb
from cocotb.triggers import Timer


def weave(ev: int, od: int) -> int:
    out = 0
    for i in range(8):
        out |= ((ev >> i) & 1) << (2 * i)
        out |= ((od >> i) & 1) << (2 * i + 1)
    return out


@cocotb.test()
async def interleave(dut):
    """The spec's example, single bits and random pairs."""
    rng = random.Random(3)
    pairs = [(0xFF, 0x00), (0x00, 0xFF), (0x01, 0x00), (0x00, 0x80)]
    pairs += [(rng.randrange(256), rng.randrange(256)) for _ in range(300)]
    for ev, od in pairs:
        dut.ev.value = ev
        dut.od.value = od
        await Timer(1, unit="ns")
        got = int(dut.woven.value)
        assert got == weave(ev, od), (
            f"ev={ev:#04x} od={od:#04x}: woven={got:#06x}, expected {weave(ev, od):#06x}"
        )
    dut.ev.value = 0xFF
    dut.od.value = 0x00
    await Timer(1, unit="ns")
    assert int(dut.woven.value) == 0x5555
