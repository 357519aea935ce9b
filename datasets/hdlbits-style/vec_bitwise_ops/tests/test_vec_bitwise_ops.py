import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def exhaustive(dut):
    """All 4096 pairs of 6-bit values."""
    for x in range(64):
        for y in range(64):
            dut.x.value = x
            dut.y.value = y
            await Timer(1, unit="ns")
            tag = f"x={x:06b} y={y:06b}"
            assert int(dut.both.value) == x & y, f"{tag}: both"
            assert int(dut.differ.value) == x ^ y, f"{tag}: differ"
            assert int(dut.any_set.value) == int(x != 0 or y != 0), f"{tag}: any_set"
            assert int(dut.x_full.value) == int(x == 63), f"{tag}: x_full"
            assert int(dut.y_empty.value) == int(y == 0), f"{tag}: y_empty"
            assert int(dut.inv.value) == ((63 - y) << 6) | (63 - x), f"{tag}: inv"
