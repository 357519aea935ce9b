import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def round_trip_all_codes(dut):
    """For every number n, feeding its Gray code must give n back."""
    for n in range(256):
        g = n ^ (n >> 1)
        dut.gray.value = g
        await Timer(1, unit="ns")
        assert int(dut.bin.value) == n, f"gray={g:08b}: bin={int(dut.bin.value)}, expected {n}"
