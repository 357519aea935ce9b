import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def all_four_input_combinations(dut):
    """Every (p, q) pair against the truth tables in the spec."""
    for p in (0, 1):
        for q in (0, 1):
            dut.p.value = p
            dut.q.value = q
            await Timer(1, unit="ns")
            expected = {
                "y_and": int(p == 1 and q == 1),
                "y_nor": int(p == 0 and q == 0),
                "y_xnor": int(p == q),
                "y_inhibit": int(p == 1 and q == 0),
                "y_imply": int(not (p == 1 and q == 0)),
            }
            for name, want in expected.items():
                got = int(getattr(dut, name).value)
                assert got == want, f"p={p} q={q}: {name}={got}, expected {want}"
