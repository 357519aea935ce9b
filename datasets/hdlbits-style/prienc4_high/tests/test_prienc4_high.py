import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def every_request(dut):
    """All sixteen request vectors."""
    for req in range(16):
        dut.req.value = req
        await Timer(1, unit="ns")
        want_pos = req.bit_length() - 1 if req else 0
        assert int(dut.found.value) == int(req != 0), f"req={req:04b}: found wrong"
        assert int(dut.pos.value) == want_pos, f"req={req:04b}: pos={int(dut.pos.value)}, expected {want_pos}"
