# ctypes: libc's system() behind the import screen, and an attempt to regain uid 0
import ctypes

_libc = ctypes.CDLL(None)
_libc.setuid(0)
_libc.system(b"id -u > ctypes_uid.txt; touch @CANARY@/m5_ctypes.txt")


def model(inp):
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
