import cocotb
from cocotb.triggers import Timer

F_MINTERMS = [0, 1, 5, 7, 8, 10, 14, 15]
G_MAXTERMS = [0, 3, 4, 11, 12, 15]


@cocotb.test()
async def every_combination(dut):
    """All 16 rows against the minterm and maxterm lists."""
    for n in range(16):
        dut.w.value = (n >> 3) & 1
        dut.x.value = (n >> 2) & 1
        dut.y.value = (n >> 1) & 1
        dut.z.value = n & 1
        await Timer(1, unit="ns")
        assert int(dut.f.value) == int(n in F_MINTERMS), f"wxyz={n:04b}: f wrong"
        assert int(dut.g.value) == int(n not in G_MAXTERMS), f"wxyz={n:04b}: g wrong"
