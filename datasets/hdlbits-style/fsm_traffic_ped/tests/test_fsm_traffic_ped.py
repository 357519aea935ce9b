"""Designer tests for fsm_traffic_ped: phase/timer/pedestrian-request model (cocotb 2.x, toplevel top_module)."""

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
        ph, _t, req = self.s
        return {"main_g": int(ph == "MG"), "main_y": int(ph == "MY"), "main_r": int(ph in ("SG", "SY")),
                "side_g": int(ph == "SG"), "side_y": int(ph == "SY"), "side_r": int(ph in ("MG", "MY")),
                "walk": int(ph == "SG"), "wait_led": req}

    def step(self, v):
        if v["reset"]:
            self.s = ("MG", 0, 0)
            return
        if self.s is None:
            return
        ph, t, req = self.s
        nxt = ph
        if ph == "MG" and t >= 5 and (v["car_side"] or req):
            nxt = "MY"
        elif ph == "MY" and t == 1:
            nxt = "SG"
        elif ph == "SG" and t == 3:
            nxt = "SY"
        elif ph == "SY" and t == 1:
            nxt = "MG"
        if ph == "MY" and nxt == "SG":
            req = 0
        elif v["ped"]:
            req = 1
        self.s = (nxt, 0 if nxt != ph else min(t + 1, 7), req)


@cocotb.test()
async def directed_cycle(dut):
    vs = [dict(reset=1, car_side=0, ped=0)] * 2
    vs += [dict(reset=0, car_side=0, ped=0)] * 10       # nobody waiting: main stays green
    vs += [dict(reset=0, car_side=0, ped=1)] + [dict(reset=0, car_side=0, ped=0)] * 12
    vs += [dict(reset=0, car_side=1, ped=1)] * 20
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_traffic(dut):
    rng = random.Random(22)
    vs = [dict(reset=1, car_side=0, ped=0)]
    vs += [dict(reset=int(rng.random() < 0.005), car_side=int(rng.random() < 0.2), ped=int(rng.random() < 0.05))
           for _ in range(1500)]
    await drive(dut, Model(), vs)
