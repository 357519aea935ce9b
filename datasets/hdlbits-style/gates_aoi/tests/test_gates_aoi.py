import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def all_rows(dut):
    """All sixteen input combinations."""
    for n in range(16):
        a, b, c, d = (n >> 3) & 1, (n >> 2) & 1, (n >> 1) & 1, n & 1
        dut.a.value, dut.b.value, dut.c.value, dut.d.value = a, b, c, d
        await Timer(1, unit="ns")
        aoi = int(not ((a and b) or (c and d)))
        oai = int(not ((a or b) and (c or d)))
        assert int(dut.aoi.value) == aoi, f"abcd={n:04b}: aoi wrong"
        assert int(dut.oai.value) == oai, f"abcd={n:04b}: oai wrong"
