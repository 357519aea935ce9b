import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def frame_fields(dut):
    """Every tag with random payloads: check each field of the layout table."""
    rng = random.Random(107)
    for tag in range(8):
        for payload in [0, 0x3FF, 0x155, 0x2AA] + [rng.randrange(1024) for _ in range(30)]:
            dut.tag.value = tag
            dut.payload.value = payload
            await Timer(1, unit="ns")
            frame = int(dut.frame.value)
            assert frame >> 14 == 0b10, f"tag={tag} payload={payload:#x}: bits 15:14 = {frame >> 14:02b}"
            assert (frame >> 11) & 0x7 == tag, "bits 13:11 must hold tag"
            assert (frame >> 1) & 0x3FF == payload, "bits 10:1 must hold payload"
            assert frame & 1 == 1, "bit 0 (stop bit) must be 1"
            assert int(dut.head.value) == frame >> 8, "head must be frame[15:8]"
