import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_code_both_enables(dut):
    """All codes with en=1 and en=0, and the spec's example."""
    for en in (0, 1):
        for code in range(8):
            dut.code.value = code
            dut.en.value = en
            await Timer(1, unit="ns")
            want = (0xFF & ~(1 << code)) if en else 0xFF
            got = int(dut.y_n.value)
            assert got == want, f"en={en} code={code}: y_n={got:08b}, expected {want:08b}"
    dut.code.value = 5
    dut.en.value = 1
    await Timer(1, unit="ns")
    assert int(dut.y_n.value) == 0b11011111
