import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def all_vote_patterns(dut):
    """All eight input patterns: majority and agreement."""
    for v in range(8):
        x, y, z = (v >> 2) & 1, (v >> 1) & 1, v & 1
        dut.x.value = x
        dut.y.value = y
        dut.z.value = z
        await Timer(1, unit="ns")
        ones = x + y + z
        assert int(dut.maj.value) == int(ones >= 2), f"x,y,z={x},{y},{z}: maj wrong"
        assert int(dut.unanimous.value) == int(ones in (0, 3)), f"x,y,z={x},{y},{z}: unanimous wrong"
