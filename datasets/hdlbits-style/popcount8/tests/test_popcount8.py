import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_byte(dut):
    """All 256 inputs."""
    for v in range(256):
        dut.bits.value = v
        await Timer(1, unit="ns")
        n = bin(v).count("1")
        assert int(dut.ones.value) == n, f"bits={v:08b}: ones={int(dut.ones.value)}, expected {n}"
        assert int(dut.over_half.value) == int(n >= 5), f"bits={v:08b}: over_half wrong"
