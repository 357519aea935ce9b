import cocotb
from cocotb.triggers import Timer

# Rows where f = 1, from the spec (abcd read as a binary number, a most significant).
ONES = [1, 3, 4, 5, 9, 11, 12, 13, 14]


@cocotb.test()
async def every_row(dut):
    """All input combinations against the spec's table."""
    names = "abcd"
    width = len(names)
    for n in range(1 << width):
        for pos, name in enumerate(names):
            getattr(dut, name).value = (n >> (width - 1 - pos)) & 1
        await Timer(1, unit="ns")
        assert int(dut.f.value) == int(n in ONES), f"{names}={n:0{width}b}: f={int(dut.f.value)}"
