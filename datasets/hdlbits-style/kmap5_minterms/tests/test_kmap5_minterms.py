import cocotb
from cocotb.triggers import Timer

MINTERMS = [0, 2, 5, 7, 8, 10, 13, 15, 16, 18, 19, 24, 26, 27, 31]


@cocotb.test()
async def all_32_rows(dut):
    """Every input combination against the minterm list."""
    for n in range(32):
        for k, name in enumerate("edcba"):
            getattr(dut, name).value = (n >> k) & 1
        await Timer(1, unit="ns")
        assert int(dut.f.value) == int(n in MINTERMS), f"abcde={n:05b}: f={int(dut.f.value)}"
