"""Designer tests for fsm_rover: drive/bump/held model with the four-cycle reversal rule (cocotb 2.x, toplevel top_module)."""

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
        st, _h = self.s
        return {"go_e": int(st == "DE"), "go_w": int(st == "DW"), "beep": int(st in ("HE", "HW"))}

    def step(self, v):
        if v["reset"]:
            self.s = ("DE", 0)
            return
        if self.s is None:
            return
        st, h = self.s
        if st == "DE":
            self.s = ("HE", 0) if v["lifted"] else (("DW" if v["bump_e"] else "DE"), h)
        elif st == "DW":
            self.s = ("HW", 0) if v["lifted"] else (("DE" if v["bump_w"] else "DW"), h)
        elif v["lifted"]:
            self.s = (st, min(h + 1, 7))
        else:
            east = st == "HE"
            if h >= 3:
                east = not east
            self.s = ("DE" if east else "DW", h)


def v(be=0, bw=0, lifted=0, reset=0):
    return dict(reset=reset, bump_e=be, bump_w=bw, lifted=lifted)


@cocotb.test()
async def lifts_short_and_long(dut):
    vs = [v(reset=1)] * 2
    vs += [v(bw=1), v(be=1), v(bw=1, be=1), v()]        # bump_w ignored going east, then turn, then back
    vs += [v(lifted=1)] * 3 + [v()] * 2                  # short lift: same direction
    vs += [v(lifted=1, be=1, bw=1)] * 4 + [v(be=1)] + [v()] * 2   # long lift: reverse; bumps ignored
    vs += [v(lifted=1)] * 12 + [v()] * 2
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_world(dut):
    rng = random.Random(23)
    vs = [v(reset=1)]
    lifted = 0
    for _ in range(1200):
        if rng.random() < 0.15:
            lifted ^= 1
        vs.append(v(be=int(rng.random() < 0.2), bw=int(rng.random() < 0.2), lifted=lifted,
                    reset=int(rng.random() < 0.005)))
    await drive(dut, Model(), vs)
