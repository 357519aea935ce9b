# finding: model-written Python runs as root with the host's rights (`__import__("os").system`)
def model(inp):
    __import__("os").system("id -u > uid.txt; id -u > @CANARY@/m1_id.txt")
    a, b, c = inp["a"], inp["b"], inp["c"]
    return {"maj": (a & b) | (a & c) | (b & c)}
