import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def exhaustive(dut):
    """All 512 combinations of a, b, cin."""
    for a in range(16):
        for b in range(16):
            for cin in (0, 1):
                dut.a.value = a
                dut.b.value = b
                dut.cin.value = cin
                await Timer(1, unit="ns")
                total = a + b + cin
                assert int(dut.sum.value) == total % 16, f"{a}+{b}+{cin}: sum={int(dut.sum.value)}"
                assert int(dut.cout.value) == total // 16, f"{a}+{b}+{cin}: cout={int(dut.cout.value)}"
