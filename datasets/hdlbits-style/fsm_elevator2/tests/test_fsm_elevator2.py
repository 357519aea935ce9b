"""Designer tests for fsm_elevator2: state/timer/request-lamp model (cocotb 2.x, toplevel top_module)."""

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
        st, _t, r0, r1 = self.s
        return {"floor": int(st in ("IDLE1", "OPEN1", "DOWN")), "door": int(st.startswith("OPEN")),
                "moving_up": int(st == "UP"), "moving_down": int(st == "DOWN"), "lamp0": r0, "lamp1": r1}

    def step(self, v):
        if v["reset"]:
            self.s = ("IDLE0", 0, 0, 0)
            return
        if self.s is None:
            return
        st, t, r0, r1 = self.s
        p0, p1 = r0 | v["call0"], r1 | v["call1"]
        nxt = st
        if st == "IDLE0":
            nxt = "OPEN0" if p0 else ("UP" if p1 else st)
        elif st == "IDLE1":
            nxt = "OPEN1" if p1 else ("DOWN" if p0 else st)
        elif st in ("OPEN0", "OPEN1") and t == 1:
            nxt = "IDLE" + st[-1]
        elif st == "UP" and t == 2:
            nxt = "OPEN1"
        elif st == "DOWN" and t == 2:
            nxt = "OPEN0"
        t = 0 if nxt != st else min(t + 1, 3)
        r0 = 0 if "OPEN0" in (st, nxt) else p0
        r1 = 0 if "OPEN1" in (st, nxt) else p1
        self.s = (nxt, t, r0, r1)


def c(c0=0, c1=0):
    return dict(reset=0, call0=c0, call1=c1)


@cocotb.test()
async def trip_up_and_down(dut):
    vs = [dict(reset=1, call0=0, call1=0)] * 2
    vs += [c()] * 2 + [c(c1=1)] + [c()] * 2 + [c(c0=1)] + [c()] * 8     # go up, call 0 latched on the way
    vs += [c(c0=1, c1=1)] + [c()] * 12
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_calls(dut):
    rng = random.Random(20)
    vs = [dict(reset=1, call0=0, call1=0)]
    vs += [dict(reset=int(rng.random() < 0.01), call0=int(rng.random() < 0.15), call1=int(rng.random() < 0.15))
           for _ in range(1000)]
    await drive(dut, Model(), vs)
