import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def distances(dut):
    """Identical, complementary, single-bit and random pairs."""
    rng = random.Random(79)
    pairs = [(0, 0), (0xFFFF, 0), (0x1234, 0x1234), (0xAAAA, 0x5555)] + [(0, 1 << k) for k in range(16)]
    pairs += [(rng.randrange(1 << 16), rng.randrange(1 << 16)) for _ in range(400)]
    for a, b in pairs:
        dut.a.value = a
        dut.b.value = b
        await Timer(1, unit="ns")
        want = bin(a ^ b).count("1")
        assert int(dut.distance.value) == want, (
            f"a={a:#06x} b={b:#06x}: distance={int(dut.distance.value)}, expected {want}"
        )
        assert int(dut.same.value) == int(a == b), f"a={a:#06x} b={b:#06x}: same wrong"
