import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def gray_properties(dut):
    """Spec examples, the bit formula, and one-bit steps between neighbours."""
    previous = None
    for n in range(256):
        dut.bin.value = n
        await Timer(1, unit="ns")
        g = int(dut.gray.value)
        bits = [(n >> i) & 1 for i in range(8)]
        want = bits[7] << 7
        for i in range(7):
            want |= (bits[i + 1] ^ bits[i]) << i
        assert g == want, f"bin={n}: gray={g:08b}, expected {want:08b}"
        if previous is not None:
            assert bin(g ^ previous).count("1") == 1, f"codes of {n - 1} and {n} differ in more than one bit"
        previous = g
    for n, g in ((2, 0b00000011), (255, 0b10000000)):
        dut.bin.value = n
        await Timer(1, unit="ns")
        assert int(dut.gray.value) == g
