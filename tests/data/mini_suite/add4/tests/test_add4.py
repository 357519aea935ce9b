import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def adds(dut):
    for a, b in [(0, 0), (1, 2), (15, 15), (8, 7), (9, 9)]:
        dut.a.value = a
        dut.b.value = b
        await Timer(1, unit="ns")
        assert int(dut.sum.value) == a + b, f"{a}+{b} gave {dut.sum.value}"
