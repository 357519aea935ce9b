"""Designer tests of the majority problem (trusted: written by the suite)."""

import itertools

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def test_all(dut):
    for a, b, c in itertools.product((0, 1), repeat=3):
        dut.a.value, dut.b.value, dut.c.value = a, b, c
        await Timer(1, unit="ns")
        assert int(dut.maj.value) == int(a + b + c >= 2), f"a={a} b={b} c={c}"
