import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def single_one_and_random(dut):
    """A lone 1 (and a lone 0) at every index, then random pools."""
    full = (1 << 256) - 1
    for k in range(256):
        for pool, want_at_k in ((1 << k, 1), (full ^ (1 << k), 0)):
            dut.pool.value = pool
            dut.pick.value = k
            await Timer(1, unit="ns")
            assert int(dut.out.value) == want_at_k, f"pick={k}: out={int(dut.out.value)}"
            dut.pick.value = (k + 1) % 256
            await Timer(1, unit="ns")
            assert int(dut.out.value) == 1 - want_at_k, f"pick={(k + 1) % 256} with the odd bit at {k}"
    rng = random.Random(83)
    for _ in range(200):
        pool, pick = rng.randrange(1 << 256), rng.randrange(256)
        dut.pool.value = pool
        dut.pick.value = pick
        await Timer(1, unit="ns")
        assert int(dut.out.value) == (pool >> pick) & 1, f"pick={pick}"
