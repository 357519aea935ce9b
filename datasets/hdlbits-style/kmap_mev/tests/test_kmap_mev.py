import cocotb
from cocotb.triggers import Timer

# Entries from the spec's table, indexed by abc.
ENTRY = {0: "0", 1: "1", 2: "d", 3: "~d", 4: "1", 5: "d", 6: "0", 7: "~d"}


def expected(abc: int, d: int) -> int:
    entry = ENTRY[abc]
    return {"0": 0, "1": 1, "d": d, "~d": 1 - d}[entry]


@cocotb.test()
async def all_16_rows(dut):
    """Every combination of a, b, c and d."""
    for abc in range(8):
        for d in (0, 1):
            dut.a.value = abc >> 2
            dut.b.value = (abc >> 1) & 1
            dut.c.value = abc & 1
            dut.d.value = d
            await Timer(1, unit="ns")
            want = expected(abc, d)
            assert int(dut.f.value) == want, f"abc={abc:03b} d={d}: f={int(dut.f.value)}, expected {want}"
