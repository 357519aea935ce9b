import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_byte(dut):
    """All 256 bytes."""
    for v in range(256):
        dut.data.value = v
        await Timer(1, unit="ns")
        ones = bin(v).count("1")
        assert (ones + int(dut.even_bit.value)) % 2 == 0, f"data={v:#04x}: even_bit wrong"
        assert (ones + int(dut.odd_bit.value)) % 2 == 1, f"data={v:#04x}: odd_bit wrong"
        assert int(dut.all_zero.value) == int(v == 0), f"data={v:#04x}: all_zero wrong"
        assert int(dut.all_one.value) == int(v == 0xFF), f"data={v:#04x}: all_one wrong"
