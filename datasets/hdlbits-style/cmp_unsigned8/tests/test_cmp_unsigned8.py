import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def compare(dut):
    """Equal, neighbouring and random pairs; exactly one output is high."""
    rng = random.Random(73)
    pairs = [(v, v) for v in (0, 1, 127, 128, 255)] + [(0, 255), (255, 0), (127, 128), (128, 127)]
    pairs += [(rng.randrange(256), rng.randrange(256)) for _ in range(400)]
    for a, b in pairs:
        dut.a.value = a
        dut.b.value = b
        await Timer(1, unit="ns")
        got = (int(dut.lt.value), int(dut.eq.value), int(dut.gt.value))
        assert got == (int(a < b), int(a == b), int(a > b)), f"a={a} b={b}: (lt,eq,gt)={got}"
