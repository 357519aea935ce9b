import cocotb
from cocotb.triggers import Timer

# Lit segments per digit, copied from the table in the spec.
LIT = {
    0: "abcdef",
    1: "bc",
    2: "abdeg",
    3: "abcdg",
    4: "bcfg",
    5: "acdfg",
    6: "acdefg",
    7: "abc",
    8: "abcdefg",
    9: "abcdfg",
    10: "abcefg",
    11: "cdefg",
    12: "adef",
    13: "bcdeg",
    14: "adefg",
    15: "aefg",
}


def expected(digit: int, blank: int) -> int:
    value = 0x7F
    if not blank:
        for seg in LIT[digit]:
            value &= ~(1 << "abcdefg".index(seg))
    return value


@cocotb.test()
async def every_digit(dut):
    """All digits, blanked and unblanked."""
    for blank in (0, 1):
        for digit in range(16):
            dut.digit.value = digit
            dut.blank.value = blank
            await Timer(1, unit="ns")
            got = int(dut.seg_n.value)
            want = expected(digit, blank)
            assert got == want, f"digit={digit:X} blank={blank}: seg_n={got:07b}, expected {want:07b}"
    dut.digit.value = 1
    dut.blank.value = 0
    await Timer(1, unit="ns")
    assert int(dut.seg_n.value) == 0b1111001
