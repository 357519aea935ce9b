"""Designer tests for crc8_serial: known CRC-8 check values and a bitwise model (cocotb 2.x, toplevel top_module)."""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


async def drive(dut, model, vectors):
    """Apply one input dict per clock cycle; compare every output with the model before the edge."""
    Clock(dut.clk, 10, unit="ns").start()
    for i, vec in enumerate(vectors):
        await FallingEdge(dut.clk)
        for name, value in vec.items():
            getattr(dut, name).value = value
        await Timer(1, "ns")
        for name, want in model.outputs(vec).items():
            got = int(getattr(dut, name).value)
            assert got == want, f"cycle {i}: {name} = {got:#x}, expected {want:#x} (inputs {vec})"
        model.step(vec)


def bits_msb_first(data):
    for byte in data:
        for k in range(7, -1, -1):
            yield (byte >> k) & 1


class Model:
    def __init__(self):
        self.crc = None

    def outputs(self, v):
        return {} if self.crc is None else {"crc": self.crc}

    def step(self, v):
        if v["reset"] or v["clear"]:
            self.crc = 0
        elif self.crc is not None and v["din_valid"]:
            fb = (self.crc >> 7) ^ v["din"]
            self.crc = ((self.crc << 1) & 0xFF) ^ (0x07 if fb else 0)


async def crc_of(dut, data):
    dut.reset.value = 0
    dut.clear.value = 1
    dut.din_valid.value = 0
    dut.din.value = 0
    await FallingEdge(dut.clk)
    dut.clear.value = 0
    for bit in bits_msb_first(data):
        dut.din_valid.value = 1
        dut.din.value = bit
        await FallingEdge(dut.clk)
        dut.din_valid.value = 0          # an idle cycle between bits must not matter
        await FallingEdge(dut.clk)
    return int(dut.crc.value)


@cocotb.test()
async def check_values(dut):
    Clock(dut.clk, 10, unit="ns").start()
    assert await crc_of(dut, b"\x01") == 0x07
    assert await crc_of(dut, b"123456789") == 0xF4


@cocotb.test()
async def random_bits(dut):
    rng = random.Random(2)
    vs = [dict(reset=1, clear=0, din_valid=0, din=0)]
    for _ in range(500):
        vs.append(dict(reset=int(rng.random() < 0.01), clear=int(rng.random() < 0.05),
                       din_valid=rng.randrange(2), din=rng.randrange(2)))
    await drive(dut, Model(), vs)
