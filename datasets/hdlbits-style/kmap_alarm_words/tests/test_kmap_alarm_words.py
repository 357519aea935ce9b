import cocotb
from cocotb.triggers import Timer


@cocotb.test()
async def all_situations(dut):
    """All 32 input combinations against the rules in the spec."""
    for n in range(32):
        armed, door, window, night, maint = [(n >> k) & 1 for k in range(5)]
        dut.armed.value = armed
        dut.door.value = door
        dut.window.value = window
        dut.night.value = night
        dut.maint.value = maint
        await Timer(1, unit="ns")
        siren = bool(armed and (door or (window and night)) and not maint)
        chime = bool((not armed) and door and not night)
        state = f"armed={armed} door={door} window={window} night={night} maint={maint}"
        assert int(dut.siren.value) == int(siren), f"{state}: siren wrong"
        assert int(dut.chime.value) == int(chime), f"{state}: chime wrong"
