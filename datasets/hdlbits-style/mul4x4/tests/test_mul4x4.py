import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def full_table(dut):
    """The whole 16 x 16 multiplication table."""
    for a in range(16):
        for b in range(16):
            dut.a.value = a
            dut.b.value = b
            await Timer(1, unit="ns")
            assert int(dut.product.value) == a * b, f"{a}*{b}: product={int(dut.product.value)}"
