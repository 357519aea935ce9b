"""Designer tests for spi_rx_byte: bytes within one select, aborted byte on deselect (cocotb 2.x, toplevel top_module)."""

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


class Model:
    def __init__(self):
        self.s = None

    def outputs(self, v):
        if self.s is None:
            return {}
        return {"rx_byte": self.s["byte"], "rx_valid": self.s["valid"]}

    def step(self, v):
        if v["reset"]:
            self.s = dict(bits=[], byte=0, valid=0)
            return
        if self.s is None:
            return
        st = self.s
        st["valid"] = 0
        if v["cs_n"]:
            st["bits"] = []
        elif v["sck_rise"]:
            st["bits"].append(v["mosi"])
            if len(st["bits"]) == 8:
                st["byte"] = int("".join(map(str, st["bits"])), 2)
                st["valid"], st["bits"] = 1, []


def send(byte, gap=0):
    out = []
    for k in range(7, -1, -1):
        out.append(dict(reset=0, cs_n=0, sck_rise=1, mosi=(byte >> k) & 1))
        out += [dict(reset=0, cs_n=0, sck_rise=0, mosi=1)] * gap
    return out


@cocotb.test()
async def directed(dut):
    idle = dict(reset=0, cs_n=1, sck_rise=1, mosi=1)
    vs = [dict(reset=1, cs_n=1, sck_rise=0, mosi=0)] * 2 + [idle]
    vs += send(0xC3) + send(0x5A, gap=2) + [idle]
    vs += send(0xFF)[:5] + [idle] + send(0x81) + [idle] * 2     # partial byte discarded
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_sessions(dut):
    rng = random.Random(19)
    vs = [dict(reset=1, cs_n=1, sck_rise=0, mosi=0)]
    for _ in range(60):
        vs += [dict(reset=0, cs_n=1, sck_rise=rng.randrange(2), mosi=rng.randrange(2))] * rng.randint(1, 3)
        for _ in range(rng.randint(5, 30)):
            vs.append(dict(reset=0, cs_n=0, sck_rise=rng.randrange(2), mosi=rng.randrange(2)))
    await drive(dut, Model(), vs)
