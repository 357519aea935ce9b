import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def truth_table(dut):
    """All eight rows: 2*cout + sum == a + b + cin."""
    for n in range(8):
        a, b, cin = (n >> 2) & 1, (n >> 1) & 1, n & 1
        dut.a.value = a
        dut.b.value = b
        dut.cin.value = cin
        await Timer(1, unit="ns")
        assert 2 * int(dut.cout.value) + int(dut.sum.value) == a + b + cin, f"a={a} b={b} cin={cin}"
