import random

import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def one_hot_and_invalid_vectors(dut):
    """Every one-hot vector, zero, and random multi-bit vectors."""
    rng = random.Random(13)
    vectors = [1 << k for k in range(16)] + [0, 0xFFFF, 0x0003, 0x8001]
    vectors += [rng.randrange(1 << 16) for _ in range(300)]
    for v in vectors:
        dut.hot.value = v
        await Timer(1, unit="ns")
        one_hot = bin(v).count("1") == 1
        want_index = v.bit_length() - 1 if one_hot else 0
        assert int(dut.valid.value) == int(one_hot), f"hot={v:#06x}: valid wrong"
        assert int(dut.index.value) == want_index, (
            f"hot={v:#06x}: index={int(dut.index.value)}, expected {want_index}"
        )
