import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def extension_and_replication(dut):
    """Both modes, boundary values and random values."""
    rng = random.Random(11)
    values = [0, 1, 0x7FF, 0x800, 0xFFF, 0x5A5, 0xA5A] + [rng.randrange(1 << 12) for _ in range(200)]
    for v in values:
        for mode in (0, 1):
            dut.value.value = v
            dut.signed_mode.value = mode
            await Timer(1, unit="ns")
            if mode and v & 0x800:
                want = (0xFFFFF << 12) | v
            else:
                want = v
            nib = v & 0xF
            splat = int(format(nib, "04b") * 8, 2)
            assert int(dut.wide.value) == want, (
                f"value={v:#05x} mode={mode}: wide={int(dut.wide.value):#010x}"
            )
            assert int(dut.splat.value) == splat, f"value={v:#05x}: splat={int(dut.splat.value):#010x}"
