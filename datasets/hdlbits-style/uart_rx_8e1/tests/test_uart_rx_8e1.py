"""Designer tests for uart_rx_8e1: frames with good data, bad parity, bad stop bit, back-to-back (cocotb 2.x, toplevel top_module)."""

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


def frame(byte, parity_ok=True, stop=1):
    data = [(byte >> i) & 1 for i in range(8)]
    par = sum(data) % 2
    if not parity_ok:
        par ^= 1
    return [0] + data + [par, stop]


class Model:
    """Sample-level model of the receiver described in spec.md."""

    def __init__(self):
        self.s = None

    def outputs(self, v):
        if self.s is None:
            return {}
        st = self.s
        return {"data": st["data"], "valid": st["valid"], "perr": st["perr"], "ferr": st["ferr"]}

    def step(self, v):
        if v["reset"]:
            self.s = dict(mode="idle", bits=[], data=0, valid=0, perr=0, ferr=0)
            return
        if self.s is None:
            return
        st = self.s
        st["valid"] = st["perr"] = st["ferr"] = 0
        rx = v["rx"]
        if st["mode"] == "idle":
            if rx == 0:
                st["mode"], st["bits"] = "frame", []
        elif st["mode"] == "frame":
            st["bits"].append(rx)
            if len(st["bits"]) == 10:
                data, par, stop = st["bits"][:8], st["bits"][8], st["bits"][9]
                if stop:
                    st["mode"] = "idle"
                    if (sum(data) + par) % 2 == 0:
                        st["valid"], st["data"] = 1, sum(b << i for i, b in enumerate(data))
                    else:
                        st["perr"] = 1
                else:
                    st["mode"], st["ferr"] = "wait", 1
        elif rx == 1:
            st["mode"] = "idle"


def line(bits):
    return [dict(reset=0, rx=b) for b in bits]


@cocotb.test()
async def directed_frames(dut):
    vs = [dict(reset=1, rx=1)] * 2 + line([1, 1])
    vs += line(frame(0xA5)) + line(frame(0x3C))                  # back to back
    vs += line([1] * 3 + frame(0x81, parity_ok=False))
    vs += line(frame(0x7E, stop=0) + [0, 0, 0, 1] + frame(0x42) + [1, 1])
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_line(dut):
    rng = random.Random(10)
    bits = []
    for _ in range(120):
        kind = rng.random()
        bits += [1] * rng.randint(0, 3)
        if kind < 0.6:
            bits += frame(rng.randrange(256))
        elif kind < 0.8:
            bits += frame(rng.randrange(256), parity_ok=False)
        else:
            bits += frame(rng.randrange(256), stop=0) + [rng.randrange(2) for _ in range(3)]
    await drive(dut, Model(), [dict(reset=1, rx=1)] + line(bits))
