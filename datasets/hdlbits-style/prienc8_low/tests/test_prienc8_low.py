import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_request_vector(dut):
    """All 256 request vectors."""
    for req in range(256):
        dut.req.value = req
        await Timer(1, unit="ns")
        if req == 0:
            want_idx, want_low, want_none = 0, 0, 1
        else:
            want_idx = next(i for i in range(8) if req >> i & 1)
            want_low, want_none = 1 << want_idx, 0
        assert int(dut.idx.value) == want_idx, f"req={req:08b}: idx={int(dut.idx.value)}, expected {want_idx}"
        assert int(dut.lowest.value) == want_low, f"req={req:08b}: lowest={int(dut.lowest.value):08b}"
        assert int(dut.none.value) == want_none, f"req={req:08b}: none wrong"
