# connects to a port on the host (the test listens there)
try:
    _s = __import__("socket").create_connection(("127.0.0.1", int("@PORT@")), timeout=2)
    _s.sendall(b"leak")
    _s.close()
except OSError:
    pass


def model(inp):
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
