import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def all_valid_digit_pairs(dut):
    """Every pair of BCD digits with both carry-in values."""
    for a in range(10):
        for b in range(10):
            for cin in (0, 1):
                dut.a.value = a
                dut.b.value = b
                dut.cin.value = cin
                await Timer(1, unit="ns")
                total = a + b + cin
                assert int(dut.sum.value) == total % 10, f"{a}+{b}+{cin}: sum={int(dut.sum.value)}"
                assert int(dut.cout.value) == total // 10, f"{a}+{b}+{cin}: cout={int(dut.cout.value)}"
