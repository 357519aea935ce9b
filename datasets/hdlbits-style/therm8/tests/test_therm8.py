import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_level(dut):
    """All 16 levels."""
    for level in range(16):
        dut.level.value = level
        await Timer(1, unit="ns")
        n = min(level, 8)
        want = (1 << n) - 1
        assert int(dut.therm.value) == want, (
            f"level={level}: therm={int(dut.therm.value):08b}, expected {want:08b}"
        )
        assert int(dut.over.value) == int(level > 8), f"level={level}: over wrong"
