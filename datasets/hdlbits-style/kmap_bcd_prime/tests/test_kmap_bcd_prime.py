import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_code(dut):
    """All sixteen codes, valid and invalid."""
    for digit in range(16):
        dut.digit.value = digit
        await Timer(1, unit="ns")
        valid = digit <= 9
        prime = int(valid and digit in (2, 3, 5, 7))
        mult3 = int(valid and digit % 3 == 0)
        assert int(dut.prime.value) == prime, f"digit={digit}: prime wrong"
        assert int(dut.mult3.value) == mult3, f"digit={digit}: mult3 wrong"
        assert int(dut.invalid.value) == int(not valid), f"digit={digit}: invalid wrong"
