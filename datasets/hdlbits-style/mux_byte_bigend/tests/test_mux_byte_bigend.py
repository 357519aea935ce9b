import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_index(dut):
    """Distinct byte values, every index, plus random buses."""
    rng = random.Random(9)
    buses = [int.from_bytes(bytes(range(0x10, 0x20)), "big")]
    buses += [rng.randrange(1 << 128) for _ in range(40)]
    for bus in buses:
        dut.data.value = bus
        big_endian = bus.to_bytes(16, "big")  # big_endian[0] is the most significant byte
        for idx in range(16):
            dut.idx.value = idx
            await Timer(1, unit="ns")
            got = int(dut.out.value)
            assert got == big_endian[idx], f"idx={idx}: out={got:#04x}, expected {big_endian[idx]:#04x}"
