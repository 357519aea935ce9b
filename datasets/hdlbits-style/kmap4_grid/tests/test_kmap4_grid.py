import cocotb
from cocotb.triggers import Timer

# The Karnaugh map from the spec: GRID[row][column], rows cd and columns ab in Gray order.
ORDER = [0b00, 0b01, 0b11, 0b10]
GRID = [[1, 0, 0, 1], [0, 1, 1, 0], [0, 1, 1, 0], [1, 0, 1, 1]]


@cocotb.test()
async def every_cell(dut):
    """Drive each cell's (a, b, c, d) and compare with the map."""
    for row, cd in enumerate(ORDER):
        for col, ab in enumerate(ORDER):
            dut.a.value = ab >> 1
            dut.b.value = ab & 1
            dut.c.value = cd >> 1
            dut.d.value = cd & 1
            await Timer(1, unit="ns")
            want = GRID[row][col]
            assert int(dut.f.value) == want, f"ab={ab:02b} cd={cd:02b}: f={int(dut.f.value)}, expected {want}"
