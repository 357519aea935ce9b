"""Designer tests for fsm_code_lock: unlock, mistakes, lockout timing (cocotb 2.x, toplevel top_module)."""

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


CODE = [2, 0, 3, 1]


class Model:
    def __init__(self):
        self.s = None

    def outputs(self, v):
        if self.s is None:
            return {}
        idx, _fails, lock_t, unlock = self.s
        return {"unlock": unlock, "locked_out": int(lock_t != 0), "progress": idx}

    def step(self, v):
        if v["reset"]:
            self.s = (0, 0, 0, 0)
            return
        if self.s is None:
            return
        idx, fails, lock_t, _ = self.s
        unlock = 0
        if lock_t:
            lock_t -= 1
        elif v["key_valid"]:
            k = v["key"]
            if k == CODE[idx]:
                if idx == 3:
                    idx, fails, unlock = 0, 0, 1
                else:
                    idx += 1
            elif idx != 0:
                if fails == 2:
                    lock_t, idx, fails = 8, 0, 0
                else:
                    fails += 1
                    idx = 1 if k == CODE[0] else 0
        self.s = (idx, fails, lock_t, unlock)


def keys(*ks):
    out = []
    for k in ks:
        out += [dict(reset=0, key_valid=1, key=k), dict(reset=0, key_valid=0, key=3)]
    return out


@cocotb.test()
async def open_then_lock_out(dut):
    vs = [dict(reset=1, key_valid=0, key=0)] * 2
    vs += keys(2, 0, 3, 1)                     # opens
    vs += keys(2, 0, 2, 0, 3, 1)               # mistake that restarts an attempt, then opens
    vs += keys(2, 1, 2, 3, 2, 0, 0)            # three mistakes -> lockout
    vs += keys(2, 0, 3, 1, 2, 0, 3, 1)         # keys during lockout ignored, later ones count
    vs += [dict(reset=0, key_valid=0, key=0)] * 10
    await drive(dut, Model(), vs)


@cocotb.test()
async def random_keys(dut):
    rng = random.Random(12)
    vs = [dict(reset=1, key_valid=0, key=0)]
    vs += [dict(reset=int(rng.random() < 0.005), key_valid=rng.randrange(2), key=rng.randrange(4))
           for _ in range(3000)]
    await drive(dut, Model(), vs)
