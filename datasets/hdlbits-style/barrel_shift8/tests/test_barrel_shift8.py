import random

import cocotb
from cocotb.triggers import Timer


def model(din: int, amt: int, op: int) -> int:
    if op == 0:
        return (din << amt) & 0xFF
    if op == 1:
        return din >> amt
    if op == 2:
        signed = din - 256 if din & 0x80 else din
        return (signed >> amt) & 0xFF
    return ((din << amt) | (din >> (8 - amt))) & 0xFF


@cocotb.test()
async def spec_example(dut):
    """The worked example from the spec."""
    for op, want in enumerate([0b10110000, 0b00010010, 0b11110010, 0b10110100]):
        dut.din.value = 0b10010110
        dut.amt.value = 3
        dut.op.value = op
        await Timer(1, unit="ns")
        assert int(dut.dout.value) == want, f"op={op}: dout={int(dut.dout.value):08b}, expected {want:08b}"


@cocotb.test()
async def all_amounts_random_data(dut):
    """Every op and amount with random bytes."""
    rng = random.Random(41)
    for din in [0x00, 0xFF, 0x80, 0x01, 0x7F] + [rng.randrange(256) for _ in range(40)]:
        for op in range(4):
            for amt in range(8):
                dut.din.value = din
                dut.amt.value = amt
                dut.op.value = op
                await Timer(1, unit="ns")
                want = model(din, amt, op)
                got = int(dut.dout.value)
                assert got == want, f"din={din:08b} amt={amt} op={op}: dout={got:08b}, expected {want:08b}"
