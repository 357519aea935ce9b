import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_select(dut):
    """All sixteen select values with random data."""
    rng = random.Random(97)
    names = "abcdefghi"
    for _ in range(40):
        data = [rng.randrange(256) for _ in names]
        for name, v in zip(names, data, strict=True):
            getattr(dut, name).value = v
        for sel in range(16):
            dut.sel.value = sel
            await Timer(1, unit="ns")
            want = data[sel] if sel <= 8 else 0x3C
            assert int(dut.out.value) == want, (
                f"sel={sel}: out={int(dut.out.value):#04x}, expected {want:#04x}"
            )
