import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def all_two_digit_numbers(dut):
    """00..99."""
    for tens in range(10):
        for ones in range(10):
            dut.tens.value = tens
            dut.ones.value = ones
            await Timer(1, unit="ns")
            assert int(dut.value.value) == 10 * tens + ones, f"{tens}{ones}: value={int(dut.value.value)}"
